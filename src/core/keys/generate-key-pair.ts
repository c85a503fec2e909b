import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ZATCA_CURVE } from './secp256k1-key';

export interface EcKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh secp256k1 key pair for one EGS unit (one key pair per unit, spec 8.4). */
export function generateSecp256k1KeyPair(): EcKeyPair {
  return generateKeyPairSync('ec', { namedCurve: ZATCA_CURVE });
}
