import { createHash, verify, type KeyObject } from 'node:crypto';
import { loadSecp256k1 } from './secp256k1-signer';

/**
 * Checks a DER ECDSA-with-SHA256 signature over the 32 raw invoice-hash bytes (spec 3.5).
 * Malformed signatures count as invalid rather than throwing.
 *
 * libsecp256k1, when installed, answers a valid signature several times faster than OpenSSL;
 * anything it does not accept is judged by OpenSSL, the reference, so the verdicts are the same.
 */
export function verifyInvoiceHashSignature(
  invoiceHash: Uint8Array,
  signatureDer: Uint8Array,
  publicKey: KeyObject,
): boolean {
  if (verifiedByLibsecp256k1(invoiceHash, signatureDer, publicKey)) return true;
  try {
    return verify('sha256', invoiceHash, { key: publicKey, dsaEncoding: 'der' }, signatureDer);
  } catch {
    return false;
  }
}

// Uncompressed points of the keys seen (a verifier sees the same few certificates again and
// again); null for keys libsecp256k1 cannot take.
const points = new WeakMap<KeyObject, Uint8Array | null>();

function verifiedByLibsecp256k1(hash: Uint8Array, der: Uint8Array, key: KeyObject): boolean {
  const lib = loadSecp256k1();
  if (!lib) return false;
  let point = points.get(key);
  if (point === undefined) {
    point = secp256k1Point(key);
    points.set(key, point);
  }
  if (!point) return false;
  try {
    // OpenSSL accepts high-S signatures too; libsecp256k1 only after normalising them.
    const signature = lib.signatureNormalize(lib.signatureImport(der));
    return lib.ecdsaVerify(signature, createHash('sha256').update(hash).digest(), point);
  } catch {
    return false;
  }
}

function secp256k1Point(key: KeyObject): Uint8Array | null {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp256k1')
    return null;
  const { x, y } = key.export({ format: 'jwk' });
  if (!x || !y) return null;
  return Buffer.concat([
    Buffer.from([4]),
    Buffer.from(x, 'base64url'),
    Buffer.from(y, 'base64url'),
  ]);
}
