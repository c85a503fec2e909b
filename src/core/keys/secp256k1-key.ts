import type { KeyObject } from 'node:crypto';

/** ZATCA issues certificates only for EC keys on secp256k1 (spec 5.1). */
export const ZATCA_CURVE = 'secp256k1';

/** Thrown when key material cannot be read or is not a ZATCA-usable key. */
export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

/** Describes a key's type and curve for error messages (never its content). */
export function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? `${key.asymmetricKeyType} ${curve}` : String(key.asymmetricKeyType ?? key.type);
}

/** Throws unless `key` is an EC key on secp256k1 of the expected kind. */
export function assertSecp256k1(key: KeyObject, kind: 'private' | 'public'): void {
  if (key.type !== kind) {
    throw new KeyFormatError(`expected a ${kind} key, got a ${key.type} key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== ZATCA_CURVE) {
    throw new KeyFormatError(
      `expected an EC key on ${ZATCA_CURVE} (ZATCA spec 5.1), got ${describeKey(key)}`,
    );
  }
}
