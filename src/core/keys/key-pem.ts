import { createPublicKey, type KeyObject } from 'node:crypto';
import { assertSecp256k1 } from './secp256k1-key';

/** SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`), the form OpenSSL and most ZATCA tools use. */
export function privateKeyToSec1Pem(privateKey: KeyObject): string {
  assertSecp256k1(privateKey, 'private');
  return privateKey.export({ format: 'pem', type: 'sec1' }).toString();
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), for tools that only read PKCS#8. */
export function privateKeyToPkcs8Pem(privateKey: KeyObject): string {
  assertSecp256k1(privateKey, 'private');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/**
 * Bare base64 of the SEC1 DER, no PEM armour and no line breaks: the form of the SDK's
 * `Certificates/ec-secp256k1-priv-key.pem`, which the SDK's own tools expect.
 */
export function privateKeyToSdkBase64(privateKey: KeyObject): string {
  assertSecp256k1(privateKey, 'private');
  return privateKey.export({ format: 'der', type: 'sec1' }).toString('base64');
}

/** SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`) of a public or private key. */
export function publicKeyToPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  assertSecp256k1(publicKey, 'public');
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
