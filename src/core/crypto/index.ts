export { decodeDerInput } from './der-input';
export { certificateDigest } from './cert-digest';
export { parseCertificate, sameCertificate, type ParsedCertificate } from './certificate';
export { parseCertificateCached } from './certificate-cache';
export { formatDistinguishedName, type NameAttribute } from './distinguished-name';
// Key loading lives with key generation in core/keys; re-exported for callers of crypto.
export { loadPrivateKey, ZATCA_CURVE } from '../keys';
export type { Signer } from './signer';
export { NodeSigner } from './node-signer';
export { Secp256k1Signer, loadSecp256k1 } from './secp256k1-signer';
export { createSigner, type SignerBackend } from './create-signer';
export { verifyInvoiceHashSignature } from './verify-signature';
