import { verify, type KeyObject } from 'node:crypto';

/**
 * Checks a DER ECDSA-with-SHA256 signature over the 32 raw invoice-hash bytes (spec 3.5).
 * Malformed signatures count as invalid rather than throwing.
 */
export function verifyInvoiceHashSignature(
  invoiceHash: Uint8Array,
  signatureDer: Uint8Array,
  publicKey: KeyObject,
): boolean {
  try {
    return verify('sha256', invoiceHash, { key: publicKey, dsaEncoding: 'der' }, signatureDer);
  } catch {
    return false;
  }
}
