import { createHash } from 'node:crypto';

/**
 * xades CertDigest as ZATCA computes it (spec 3.2): SHA-256 over the ASCII of the base64
 * certificate body (not the DER), as lowercase hex, then base64 of that hex text.
 */
export function certificateDigest(certificateBase64: string): string {
  const hex = createHash('sha256').update(certificateBase64, 'latin1').digest('hex');
  return Buffer.from(hex, 'latin1').toString('base64');
}
