import { parseCertificate, type ParsedCertificate } from '../crypto/certificate';
import { createSigner, type SignerBackend } from '../crypto/create-signer';
import { loadPrivateKey } from '../keys';
import type { Signer } from '../crypto/signer';

/** What signing needs: something that signs, and the certificate of its key. */
export interface SigningCredentials {
  signer: Signer;
  certificate: ParsedCertificate;
}

/** Loads key and certificate once (PEM, bare base64 or DER each) and checks they belong together. */
export function loadSigningCredentials(input: {
  privateKey: string | Uint8Array;
  certificate: string | Uint8Array;
  backend?: SignerBackend;
}): SigningCredentials {
  const certificate = parseCertificate(input.certificate);
  const signer = createSigner(loadPrivateKey(input.privateKey), input.backend);
  const credentials = { signer, certificate };
  assertKeyMatchesCertificate(credentials);
  return credentials;
}

// Pairs already checked, so signing many invoices with one credentials object checks once.
const checked = new WeakMap<Signer, ParsedCertificate>();

/** Throws when the signer's public key is not the certificate's. */
export function assertKeyMatchesCertificate({ signer, certificate }: SigningCredentials): void {
  if (checked.get(signer) === certificate) return;
  const signerKey = signer.publicKey.export({ format: 'der', type: 'spki' });
  if (!signerKey.equals(certificate.publicKeyDer)) {
    throw new Error('the private key does not belong to the certificate (public keys differ)');
  }
  checked.set(signer, certificate);
}
