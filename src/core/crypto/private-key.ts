import { createPrivateKey, type KeyObject } from 'node:crypto';
import { decodeDerInput } from './der-input';

/** ZATCA stamps are ECDSA on secp256k1 (spec 3.5 / 5.1). */
export const ZATCA_CURVE = 'secp256k1';

/**
 * Loads an EC private key given as PEM (SEC1 "EC PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), bare
 * base64 of either (the SDK ships SEC1 base64) or DER. Errors never include key material.
 */
export function loadPrivateKey(input: string | Uint8Array): KeyObject {
  const { der, pemLabel } = decodeDerInput(input, 'private key');
  if (pemLabel && !/PRIVATE KEY$/.test(pemLabel)) {
    throw new Error(`private key: PEM block is "${pemLabel}", expected a PRIVATE KEY`);
  }
  const key = tryLoad(der, 'pkcs8') ?? tryLoad(der, 'sec1');
  if (!key) throw new Error('private key: neither PKCS#8 nor SEC1 EC private key DER');
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== ZATCA_CURVE) {
    throw new Error(
      `private key: ${key.asymmetricKeyType ?? 'unknown'} key on ${curve ?? 'no named curve'}, ` +
        `ZATCA requires EC ${ZATCA_CURVE}`,
    );
  }
  return key;
}

function tryLoad(der: Buffer, type: 'pkcs8' | 'sec1'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}
