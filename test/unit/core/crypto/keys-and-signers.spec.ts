import { generateKeyPairSync } from 'node:crypto';
import { parseCertificate } from '../../../../src/core/crypto/certificate';
import { createSigner } from '../../../../src/core/crypto/create-signer';
import { loadPrivateKey } from '../../../../src/core/keys';
import { loadSecp256k1 } from '../../../../src/core/crypto/secp256k1-signer';
import { verifyInvoiceHashSignature } from '../../../../src/core/crypto/verify-signature';
import { loadSigningCredentials } from '../../../../src/core/signing';
import { sdkCertificateText, sdkPrivateKeyText } from '../signing/sdk-samples';

const sdkKey = loadPrivateKey(sdkPrivateKeyText());
const cert = parseCertificate(sdkCertificateText());
const hash = Buffer.from('z5F9qsS6oWyDhehD8u8S0DaxV+2CUiUz9Y+UsR61JgQ=', 'base64');
// secp256k1 group order n; low-S means s <= n/2.
const N = BigInt('0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141');

test('loads the SDK key (bare base64 SEC1) and its PEM/PKCS#8/DER forms to the same key', () => {
  const forms = [
    sdkKey.export({ format: 'pem', type: 'sec1' }),
    sdkKey.export({ format: 'pem', type: 'pkcs8' }),
    sdkKey.export({ format: 'der', type: 'pkcs8' }),
    sdkKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  ];
  const reference = sdkKey.export({ format: 'der', type: 'pkcs8' });
  for (const form of forms) {
    expect(loadPrivateKey(form).export({ format: 'der', type: 'pkcs8' }).equals(reference)).toBe(
      true,
    );
  }
});

test('rejects keys on other curves or of other types, without echoing key material', () => {
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const pem = p256.export({ format: 'pem', type: 'pkcs8' });
  expect(() => loadPrivateKey(pem)).toThrow(
    'expected an EC key on secp256k1 (ZATCA spec 5.1), got ec prime256v1',
  );
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  expect(() => loadPrivateKey(rsa.export({ format: 'pem', type: 'pkcs8' }))).toThrow(
    'expected an EC key on secp256k1 (ZATCA spec 5.1), got rsa',
  );
  try {
    loadPrivateKey(pem);
  } catch (err) {
    expect((err as Error).message).not.toContain(pem.slice(40, 80));
  }
  expect(() => loadPrivateKey(cert.der)).toThrow('private key DER is neither SEC1 nor PKCS#8');
  expect(() =>
    loadPrivateKey(
      sdkCertificateText().replace(/^/, '-----BEGIN CERTIFICATE-----\n') +
        '\n-----END CERTIFICATE-----',
    ),
  ).toThrow('expected an EC PRIVATE KEY or PRIVATE KEY PEM block, found CERTIFICATE');
});

test.each(['node', 'secp256k1'] as const)(
  'the %s signer makes DER signatures that verify',
  (backend) => {
    const signer = createSigner(sdkKey, backend);
    const signature = Buffer.from(signer.sign(hash));
    expect(signature[0]).toBe(0x30);
    expect(verifyInvoiceHashSignature(hash, signature, cert.publicKey)).toBe(true);
    expect(verifyInvoiceHashSignature(Buffer.alloc(32), signature, cert.publicKey)).toBe(false);
    expect(signer.publicKey.export({ format: 'der', type: 'spki' }).equals(cert.publicKeyDer)).toBe(
      true,
    );
  },
);

test('libsecp256k1 is used when installed, and its signatures are low-S', () => {
  const signer = createSigner(sdkKey, 'secp256k1');
  expect(signer.backend).toBe(loadSecp256k1() ? 'secp256k1' : 'node');
  if (!loadSecp256k1()) return;
  for (let i = 0; i < 20; i++) {
    const der = Buffer.from(signer.sign(hash));
    const rLength = der[3];
    const sLength = der[5 + rLength];
    const s = BigInt(`0x${der.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`);
    expect(s <= N / 2n).toBe(true);
  }
});

test('malformed signatures are reported invalid, not thrown', () => {
  expect(verifyInvoiceHashSignature(hash, Buffer.from('nonsense'), cert.publicKey)).toBe(false);
});

test('credentials refuse a key that does not belong to the certificate', () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  expect(() =>
    loadSigningCredentials({
      privateKey: other.export({ format: 'pem', type: 'sec1' }),
      certificate: sdkCertificateText(),
    }),
  ).toThrow('the private key does not belong to the certificate');
});

test('verification gives the same verdicts with or without libsecp256k1: high-S, tampered, malformed', () => {
  // OpenSSL signs high-S about half the time; both halves must verify.
  const signer = createSigner(sdkKey, 'node');
  const signatures = Array.from({ length: 24 }, () => Buffer.from(signer.sign(hash)));
  const highS = signatures.filter((der) => {
    const rLength = der[3];
    const sLength = der[5 + rLength];
    return BigInt(`0x${der.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`) > N / 2n;
  });
  expect(highS.length).toBeGreaterThan(0);
  for (const der of signatures) {
    expect(verifyInvoiceHashSignature(hash, der, cert.publicKey)).toBe(true);
    const flipped = Buffer.from(der);
    flipped[flipped.length - 1] ^= 1;
    expect(verifyInvoiceHashSignature(hash, flipped, cert.publicKey)).toBe(false);
    expect(verifyInvoiceHashSignature(hash, der.subarray(0, 20), cert.publicKey)).toBe(false);
    expect(
      verifyInvoiceHashSignature(hash, Buffer.concat([der, Buffer.from([0])]), cert.publicKey),
    ).toBe(false);
  }
  const foreign = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
  expect(verifyInvoiceHashSignature(hash, signatures[0], foreign)).toBe(false);
});
