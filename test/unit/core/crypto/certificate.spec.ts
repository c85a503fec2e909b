import { X509Certificate } from 'node:crypto';
import { parseCertificate } from '../../../../src/core/crypto/certificate';
import { sdkCertificateText, sdkSamples, elementText } from '../signing/sdk-samples';
import { foreignCredentials } from './foreign-certificate';

const bare = sdkCertificateText().trim();
const cert = parseCertificate(bare);

test('parses the SDK certificate: issuer, serial and validity as the samples and OpenSSL say', () => {
  const node = new X509Certificate(Buffer.from(bare, 'base64'));
  expect(cert.base64).toBe(bare);
  expect(cert.serialNumber).toBe(BigInt(`0x${node.serialNumber}`).toString());
  expect(cert.notBefore).toEqual(new Date(node.validFrom));
  expect(cert.notAfter).toEqual(new Date(node.validTo));
  for (const sample of sdkSamples()) {
    expect(cert.issuerName).toBe(elementText(sample.xml, 'ds:X509IssuerName'));
    expect(cert.serialNumber).toBe(elementText(sample.xml, 'ds:X509SerialNumber'));
  }
  expect(cert.issuerName).toBe('CN=PRZEINVOICESCA4-CA, DC=extgazt, DC=gov, DC=local');
});

test('reads subject fields and the VAT number from the subjectAltName UID', () => {
  const subject = Object.fromEntries(cert.subject.map((a) => [a.name, a.value]));
  expect(subject).toMatchObject({ C: 'SA', CN: 'TST-886431145-399999999900003' });
  expect(cert.vatNumber).toBe('399999999900003');
  expect(cert.alternativeName.find((a) => a.name === 'SN')?.value).toMatch(/^1-TST\|2-TST\|3-/);
});

test('public key DER and certificate signature match what node reads from the certificate', () => {
  const node = new X509Certificate(cert.der);
  expect(cert.publicKeyDer.equals(node.publicKey.export({ format: 'der', type: 'spki' }))).toBe(
    true,
  );
  expect(cert.publicKeyDer).toHaveLength(88);
  expect(cert.signatureDer[0]).toBe(0x30);
  // The certificate ends with its signature BIT STRING.
  expect(
    cert.der.subarray(cert.der.length - cert.signatureDer.length).equals(cert.signatureDer),
  ).toBe(true);
});

test('accepts PEM, bare base64, DER and the binarySecurityToken form alike', () => {
  const pem = `-----BEGIN CERTIFICATE-----\n${bare.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const token = Buffer.from(bare).toString('base64');
  for (const input of [pem, cert.der, token, `  ${bare}\n`]) {
    expect(parseCertificate(input).der.equals(cert.der)).toBe(true);
  }
});

test('formats a foreign issuer in RFC 4514 form and computes its serial in decimal', () => {
  const foreign = parseCertificate(foreignCredentials('Test, "Quoted" CA').certificateDer);
  expect(foreign.issuerName).toBe('CN=Test\\, \\"Quoted\\" CA');
  expect(foreign.serialNumber).toBe(String(0x012345));
  expect(foreign.vatNumber).toBeUndefined();
});

test('bad input errors name the certificate', () => {
  expect(() => parseCertificate('not base64 at all!')).toThrow(
    'certificate: not PEM, base64 or DER',
  );
  expect(() => parseCertificate(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(
    'certificate: not an X.509 certificate',
  );
  expect(() => parseCertificate('-----BEGIN CERTIFICATE-----\nMIIB')).toThrow('PEM armour');
});
