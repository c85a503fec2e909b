import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  generateSecp256k1KeyPair,
  KeyFormatError,
  loadPrivateKey,
  privateKeyToPkcs8Pem,
  privateKeyToSdkBase64,
  privateKeyToSec1Pem,
  publicKeyToPem,
} from '../../../../src/core/keys';
import { sdkPath } from '../../../support/sdk';

const spki = (key: KeyObject): Buffer =>
  (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });

describe('generateSecp256k1KeyPair', () => {
  it('makes an EC key pair on secp256k1 whose halves belong together', () => {
    const { privateKey, publicKey } = generateSecp256k1KeyPair();
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('secp256k1');
    const data = Buffer.from('proof of possession');
    expect(verify('sha256', data, publicKey, sign('sha256', data, privateKey))).toBe(true);
  });

  it('makes a different key each time', () => {
    const a = privateKeyToSdkBase64(generateSecp256k1KeyPair().privateKey);
    const b = privateKeyToSdkBase64(generateSecp256k1KeyPair().privateKey);
    expect(a).not.toBe(b);
  });
});

describe('PEM export', () => {
  const { privateKey, publicKey } = generateSecp256k1KeyPair();

  it('writes SEC1, PKCS#8 and SPKI PEM with their own labels', () => {
    expect(privateKeyToSec1Pem(privateKey)).toMatch(
      /^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+-----END EC PRIVATE KEY-----\n$/,
    );
    expect(privateKeyToPkcs8Pem(privateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicKeyToPem(publicKey)).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('derives the public key PEM from the private key too', () => {
    expect(publicKeyToPem(privateKey)).toBe(publicKeyToPem(publicKey));
  });

  it('refuses to export a key on another curve', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(() => privateKeyToSec1Pem(p256)).toThrow(/secp256k1/);
  });
});

describe('loadPrivateKey', () => {
  const { privateKey, publicKey } = generateSecp256k1KeyPair();
  const expected = spki(publicKey);

  it.each([
    ['SEC1 PEM', privateKeyToSec1Pem(privateKey)],
    ['PKCS#8 PEM', privateKeyToPkcs8Pem(privateKey)],
    ['bare base64 SEC1 DER (SDK form)', privateKeyToSdkBase64(privateKey)],
    [
      'bare base64 PKCS#8 DER',
      privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    ],
    ['SEC1 PEM with CRLF line ends', privateKeyToSec1Pem(privateKey).replace(/\n/g, '\r\n')],
  ])('reads %s back to the same key', (_form, text) => {
    expect(spki(loadPrivateKey(text))).toEqual(expected);
  });

  it('reads raw DER bytes', () => {
    const der = privateKey.export({ format: 'der', type: 'sec1' });
    expect(spki(loadPrivateKey(der))).toEqual(expected);
  });

  it('reads OpenSSL ecparam output that starts with an EC PARAMETERS block', () => {
    const params = '-----BEGIN EC PARAMETERS-----\nBgUrgQQACg==\n-----END EC PARAMETERS-----\n';
    expect(spki(loadPrivateKey(params + privateKeyToSec1Pem(privateKey)))).toEqual(expected);
  });

  it("reads the SDK's key, which belongs to the SDK's ZATCA-issued certificate", () => {
    const sdkKey = loadPrivateKey(
      readFileSync(sdkPath('Certificates', 'ec-secp256k1-priv-key.pem')),
    );
    const certBase64 = readFileSync(sdkPath('Certificates', 'cert.pem'), 'utf8').trim();
    const cert = new X509Certificate(Buffer.from(certBase64, 'base64'));
    expect(spki(sdkKey)).toEqual(spki(cert.publicKey));
  });

  it('refuses a key on another curve, naming the curve', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const pem = p256.export({ format: 'pem', type: 'sec1' }).toString();
    expect(() => loadPrivateKey(pem)).toThrow(/secp256k1.*prime256v1/);
  });

  it('refuses an RSA key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => loadPrivateKey(rsa.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(
      KeyFormatError,
    );
  });

  it('refuses an encrypted key with a hint to decrypt it', () => {
    const encrypted = privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(() => loadPrivateKey(encrypted)).toThrow(/encrypted.*decrypt/);
  });

  it('refuses a public key or certificate PEM, naming what it found', () => {
    expect(() => loadPrivateKey(publicKeyToPem(publicKey))).toThrow(/found PUBLIC KEY/);
  });

  it.each([
    ['empty input', '  \n', /empty/],
    ['text that is not base64', 'not a key!', /neither PEM nor base64/],
    [
      'base64 that is not a key',
      Buffer.from('hello world').toString('base64'),
      /neither SEC1 nor PKCS#8/,
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(() => loadPrivateKey(text)).toThrow(message);
  });

  it('never puts key material in its error messages', () => {
    const sec1 = privateKeyToSdkBase64(privateKey);
    const damaged = sec1.slice(0, 20) + 'A' + sec1.slice(21, -8);
    let message = '';
    try {
      loadPrivateKey(damaged);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain(sec1.slice(0, 16));
  });

  it('gives back a key node:crypto can sign with', () => {
    const loaded = loadPrivateKey(privateKeyToSec1Pem(privateKey));
    const data = Buffer.from('x');
    expect(verify('sha256', data, publicKey, sign('sha256', data, loaded))).toBe(true);
    expect(createPrivateKey(privateKeyToPkcs8Pem(loaded)).type).toBe('private');
  });
});
