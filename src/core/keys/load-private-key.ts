import { createPrivateKey, type KeyObject } from 'node:crypto';
import { assertSecp256k1, KeyFormatError } from './secp256k1-key';

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const PRIVATE_KEY_LABELS = new Set(['EC PRIVATE KEY', 'PRIVATE KEY']);
// Everything OpenSSL may put around the key (`openssl ecparam -genkey` writes EC PARAMETERS first).
const IGNORABLE_LABELS = new Set(['EC PARAMETERS']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads a secp256k1 private key from SEC1 PEM, PKCS#8 PEM, bare base64 SEC1/PKCS#8 DER (the
 * SDK's `ec-secp256k1-priv-key.pem`) or raw DER bytes. Errors describe the input's form,
 * never its content.
 */
export function loadPrivateKey(input: string | Uint8Array): KeyObject {
  const key =
    typeof input !== 'string' && input[0] === 0x30
      ? fromDer(Buffer.from(input))
      : fromText(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
  assertSecp256k1(key, 'private');
  return key;
}

function fromText(text: string): KeyObject {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new KeyFormatError('private key input is empty');
  if (trimmed.includes('-----BEGIN')) return fromPem(trimmed);
  const compact = trimmed.replace(/\s+/g, '');
  if (!BASE64.test(compact)) {
    throw new KeyFormatError('private key is neither PEM nor base64 DER');
  }
  return fromDer(Buffer.from(compact, 'base64'));
}

function fromPem(pem: string): KeyObject {
  // Labels and headers only: a base64 body may contain any letters.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,\s*ENCRYPTED/m.test(pem)) {
    throw new KeyFormatError('encrypted private keys are not supported; decrypt the key first');
  }
  const labels = [...pem.matchAll(PEM_LABEL)].map((match) => match[1]);
  const keyLabels = labels.filter((label) => PRIVATE_KEY_LABELS.has(label));
  const unexpected = labels.filter(
    (label) => !PRIVATE_KEY_LABELS.has(label) && !IGNORABLE_LABELS.has(label),
  );
  if (unexpected.length > 0) {
    throw new KeyFormatError(
      `expected an EC PRIVATE KEY or PRIVATE KEY PEM block, found ${unexpected.join(', ')}`,
    );
  }
  if (keyLabels.length !== 1) {
    throw new KeyFormatError(
      keyLabels.length === 0
        ? 'no EC PRIVATE KEY or PRIVATE KEY PEM block found'
        : `expected one private key PEM block, found ${keyLabels.length}`,
    );
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyFormatError(`the ${keyLabels[0]} PEM block is not a readable private key`);
  }
}

function fromDer(der: Buffer): KeyObject {
  // SEC1 first: that is what the SDK ships; PKCS#8 is the other common DER form.
  for (const type of ['sec1', 'pkcs8'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw new KeyFormatError('private key DER is neither SEC1 nor PKCS#8');
}
