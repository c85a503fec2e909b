import type { KeyObject } from 'node:crypto';
import { NodeSigner } from './node-signer';
import { Secp256k1Signer, loadSecp256k1 } from './secp256k1-signer';
import type { Signer } from './signer';

export type SignerBackend = 'node' | 'secp256k1';

/**
 * In-memory signer for a loaded private key. `secp256k1` uses libsecp256k1 when the optional
 * package is present and silently falls back to node:crypto otherwise (check `backend`).
 */
export function createSigner(privateKey: KeyObject, backend: SignerBackend = 'node'): Signer {
  if (backend === 'secp256k1') {
    const lib = loadSecp256k1();
    if (lib) return new Secp256k1Signer(privateKey, lib);
  }
  return new NodeSigner(privateKey);
}
