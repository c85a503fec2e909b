import {
  parseCertificateCached,
  verifyInvoiceHashSignature,
  type ParsedCertificate,
} from '../../core/crypto';
import { NS } from '../../core/signing/namespaces';
import { signedPropertiesDigest } from '../../core/signing/signed-properties-digest';
import type { Message } from '../answers/simulator-answer';
import type { InvoiceDocument } from './invoice-document';

const HASHING = 'INVOICE_HASHING_ERRORS';
const CERT = 'CERTIFICATE_ERRORS';

export interface StampFindings {
  errors: Message[];
  /** The signing certificate, when the document carries a parseable one. */
  certificate?: ParsedCertificate;
}

/**
 * Server-side checks of the request against the document (spec 7.1, 7.2): body hash and UUID,
 * then the cryptographic stamp: DigestValue, SignedProperties digest, SignatureValue against the
 * embedded certificate. Standard documents may come unsigned (ZATCA checks the stamp "if any").
 */
export function checkStamp(
  doc: InvoiceDocument,
  computedHash: string,
  body: { invoiceHash: string; uuid: string },
  simplified: boolean,
): StampFindings {
  const errors: Message[] = [];
  if (body.invoiceHash !== computedHash) {
    errors.push({
      code: 'invalid-invoice-hash',
      category: HASHING,
      message: 'The invoice hash API body does not match the (calculated) Hash of the XML',
    });
  }
  if (body.uuid !== doc.uuid) {
    errors.push({
      code: 'INVOICE_UUID_VALIDATION',
      category: 'MISSING_UUID_IN_INVOICE',
      message: "UUID provided in the invoice doesn't match UUID in the provided Request",
    });
  }
  if (!doc.signatureValue && !doc.certificateBase64) {
    if (simplified) {
      errors.push({
        code: 'invalid-signature',
        category: CERT,
        message: 'Simplified documents must carry the cryptographic stamp (ds:Signature)',
      });
    }
    return { errors };
  }
  if (doc.digestValue !== computedHash) {
    errors.push({
      code: 'invalid-invoice-hash',
      category: HASHING,
      message:
        'The DigestValue of the signed document does not match the (calculated) Hash of the XML',
    });
  }
  if (doc.signedPropertiesText && doc.signedPropertiesDigest) {
    const digest = signedPropertiesDigest(doc.signedPropertiesText, { xades: NS.xades, ds: NS.ds });
    if (digest !== doc.signedPropertiesDigest) {
      errors.push({
        code: 'signed-properties-hashing',
        category: CERT,
        message:
          "Invalid signed properties hashing, SignedProperties with id='xadesSignedProperties'",
      });
    }
  }
  let certificate: ParsedCertificate | undefined;
  try {
    certificate = doc.certificateBase64 ? parseCertificateCached(doc.certificateBase64) : undefined;
  } catch {
    certificate = undefined;
  }
  if (!certificate) {
    errors.push({
      code: 'invalid-certificate',
      category: CERT,
      message: 'The X509Certificate of the signature is not a valid certificate',
    });
    return { errors };
  }
  const signature = Buffer.from(doc.signatureValue ?? '', 'base64');
  if (
    !verifyInvoiceHashSignature(
      Buffer.from(computedHash, 'base64'),
      signature,
      certificate.publicKey,
    )
  ) {
    errors.push({
      code: 'invalid-signature',
      category: CERT,
      message:
        "The SignatureValue does not verify with the certificate's public key over the invoice hash",
    });
  }
  return { errors, certificate };
}
