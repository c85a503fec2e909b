import type { KeyObject } from 'node:crypto';

/**
 * Produces the invoice stamp. Implementations may hold the key in memory, a KMS or an HSM;
 * callers only ever see the public key.
 */
export interface Signer {
  /**
   * ECDSA-with-SHA256 over the 32 raw invoice-hash bytes (so SHA-256 is applied once more
   * inside, spec 3.5), returned DER encoded.
   */
  sign(invoiceHash: Uint8Array): Uint8Array;
  /** The matching public key, to check it against the certificate. */
  readonly publicKey: KeyObject;
  /** Which implementation signs, for diagnostics. */
  readonly backend: string;
}
