import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Signer } from './signer';

type Secp256k1Module = typeof import('secp256k1');

let loaded: Secp256k1Module | null | undefined;

/**
 * The optional `secp256k1` package (libsecp256k1 bindings), loaded on first use. Returns
 * undefined when it is not installed or fails to load, so callers can fall back to node:crypto.
 */
export function loadSecp256k1(): Secp256k1Module | undefined {
  if (loaded === undefined) {
    try {
      // Lazy on purpose: it is an optionalDependency and most deployments never ask for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('secp256k1') as Secp256k1Module;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/** Signer on libsecp256k1. Signatures are low-S normalised, DER encoded like node's. */
export class Secp256k1Signer implements Signer {
  readonly backend = 'secp256k1';
  readonly publicKey: KeyObject;
  private readonly scalar: Uint8Array;

  constructor(
    privateKey: KeyObject,
    private readonly lib: Secp256k1Module,
  ) {
    this.publicKey = createPublicKey(privateKey);
    const { d } = privateKey.export({ format: 'jwk' });
    if (!d) throw new Error('private key: cannot export the secp256k1 scalar');
    this.scalar = Buffer.from(d, 'base64url');
  }

  sign(invoiceHash: Uint8Array): Uint8Array {
    // libsecp256k1 signs a digest as given; ECDSA-with-SHA256 hashes the message first.
    const digest = createHash('sha256').update(invoiceHash).digest();
    const { signature } = this.lib.ecdsaSign(digest, this.scalar);
    return Buffer.from(this.lib.signatureExport(signature));
  }
}
