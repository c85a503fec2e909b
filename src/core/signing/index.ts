// Public API of the signing module: hash, sign, strip, verify, API body.
export type { UnsignedInvoice, QrFields } from './unsigned-invoice';
export { invoiceHash, invoiceHashBytes, canonicalRootText } from './invoice-hash';
export { stripSignature } from './strip-signature';
export { signInvoice, type SignOptions, type SignedInvoice } from './sign-invoice';
export {
  loadSigningCredentials,
  assertKeyMatchesCertificate,
  type SigningCredentials,
} from './credentials';
export { formatSigningTime, resolveSigningTime } from './signing-time';
export { signedPropertiesDigest } from './signed-properties-digest';
export { readQrFields, readQrValues, isSimplified } from './document-fields';
export { inspectInvoice, type InvoiceInspection, type EmbeddedSignature } from './inspect-invoice';
export {
  verifyInvoiceSignature,
  checkSignature,
  type VerifySignatureOptions,
} from './verify-signature-stage';
export { verifyInvoiceQr, checkQr } from './verify-qr-stage';
export { requestBody, requestBodyOf, type InvoiceRequestBody } from './request-body';
