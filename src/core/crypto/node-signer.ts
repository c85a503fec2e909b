import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Signer } from './signer';

/** Default signer: OpenSSL via node:crypto, key held in memory as a KeyObject. */
export class NodeSigner implements Signer {
  readonly backend = 'node';
  readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
  }

  sign(invoiceHash: Uint8Array): Uint8Array {
    return sign('sha256', invoiceHash, { key: this.privateKey, dsaEncoding: 'der' });
  }
}
