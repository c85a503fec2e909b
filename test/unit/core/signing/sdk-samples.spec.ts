import { createHash } from 'node:crypto';
import { parseCertificate } from '../../../../src/core/crypto/certificate';
import { verifyInvoiceHashSignature } from '../../../../src/core/crypto/verify-signature';
import { decodeQr } from '../../../../src/core/qr/qr-code';
import {
  inspectInvoice,
  invoiceHash,
  loadSigningCredentials,
  signInvoice,
  stripSignature,
  verifyInvoiceQr,
  verifyInvoiceSignature,
} from '../../../../src/core/signing';
import { XMLSerializer } from '@xmldom/xmldom';
import { invoiceHashBytesKeepingDocument } from '../../../../src/core/signing/invoice-hash';
import { parseXml } from '../../../../src/core/xml/parse-xml';
import { readQrValues } from '../../../../src/core/signing/document-fields';
import {
  elementText,
  qrPayload,
  sdkCertificateText,
  sdkPrivateKeyText,
  sdkSamples,
} from './sdk-samples';

const samples = sdkSamples();
const certificate = parseCertificate(sdkCertificateText());
const credentials = loadSigningCredentials({
  privateKey: sdkPrivateKeyText(),
  certificate: sdkCertificateText(),
});

test('all 19 SDK samples are listed', () => {
  expect(samples).toHaveLength(19);
});

describe.each(samples.map((s) => [s.path, s] as const))('%s', (_path, sample) => {
  test('invoice hash equals the expected value, from the document and from its stripped form', () => {
    expect(invoiceHash(sample.xml)).toBe(sample.expectedHash);
    expect(invoiceHash(stripSignature(sample.xml))).toBe(sample.expectedHash);
    expect(elementText(sample.xml, 'ds:DigestValue')).toBe(sample.expectedHash);
  });

  test('a shared parse is hashed in place and given back unchanged', () => {
    const dom = parseXml(sample.xml, 'invoice');
    const before = new XMLSerializer().serializeToString(dom);
    expect(invoiceHashBytesKeepingDocument(dom).toString('base64')).toBe(sample.expectedHash);
    expect(new XMLSerializer().serializeToString(dom)).toBe(before);
  });

  test('SignedProperties digest, CertDigest, issuer, serial and SignatureValue all verify', () => {
    const inspection = inspectInvoice(sample.xml);
    const sig = inspection.signature!;
    expect(sig.certDigest).toBe(certificate.certDigest);
    expect(sig.issuerName).toBe(certificate.issuerName);
    expect(sig.serialNumber).toBe(certificate.serialNumber);
    expect(sig.certificate!.der.equals(certificate.der)).toBe(true);
    expect(
      verifyInvoiceHashSignature(
        Buffer.from(sample.expectedHash, 'base64'),
        Buffer.from(sig.signatureValue!, 'base64'),
        certificate.publicKey,
      ),
    ).toBe(true);
    const result = verifyInvoiceSignature(sample.xml, { certificate });
    expect(result.findings).toEqual([]);
    expect(result.passed).toBe(true);
  });

  test("QR decodes to the document's own values and the signature parts", () => {
    const qr = decodeQr(qrPayload(sample.xml));
    const values = readQrValues(parseXml(sample.xml).documentElement!);
    expect(qr.sellerName).toBe(values.sellerName);
    expect(qr.vatNumber).toBe(values.vatNumber);
    expect(qr.timestamp).toBe(values.timestamp);
    expect(qr.totalWithVat).toBe(values.totalWithVat);
    expect(qr.vatTotal).toBe(values.vatTotal);
    expect(qr.invoiceHash).toBe(sample.expectedHash);
    expect(qr.signatureValue).toBe(elementText(sample.xml, 'ds:SignatureValue'));
    expect(qr.publicKey!.equals(certificate.publicKeyDer)).toBe(true);
    if (values.simplified)
      expect(qr.certificateSignature!.equals(certificate.signatureDer)).toBe(true);
    else expect(qr.certificateSignature).toBeUndefined();
    const result = verifyInvoiceQr(sample.xml);
    expect(result.findings).toEqual([]);
  });

  test('stripped and re-signed with the same SigningTime, only SignatureValue and QR tag 7 change', () => {
    const signingTime = elementText(sample.xml, 'xades:SigningTime');
    const signed = signInvoice(stripSignature(sample.xml), credentials, { signingTime });

    const oldSignature = elementText(sample.xml, 'ds:SignatureValue');
    const oldQr = qrPayload(sample.xml);
    expect(signed.signatureValue).not.toBe(oldSignature);
    expect(signed.invoiceHash).toBe(sample.expectedHash);
    expect(elementText(signed.xml, 'ds:SignatureValue')).toBe(signed.signatureValue);
    expect(qrPayload(signed.xml)).toBe(signed.qr);
    // Put the two old values back: the whole document must then be the original, byte for byte.
    const restored = signed.xml
      .replace(`>${signed.signatureValue}<`, `>${oldSignature}<`)
      .replace(`>${signed.qr}<`, `>${oldQr}<`);
    expect(restored).toBe(sample.xml);
    // And the QR differs only in tag 7, which carries the new signature.
    const before = decodeQr(oldQr).entries;
    const after = decodeQr(signed.qr).entries;
    expect(after.map((e) => e.tag)).toEqual(before.map((e) => e.tag));
    for (const [i, entry] of after.entries()) {
      if (entry.tag === 7) expect(Buffer.from(entry.value).toString()).toBe(signed.signatureValue);
      else expect(Buffer.from(entry.value).equals(Buffer.from(before[i].value))).toBe(true);
    }

    expect(verifyInvoiceSignature(signed.xml, { certificate }).findings).toEqual([]);
    expect(verifyInvoiceQr(signed.xml).findings).toEqual([]);
    expect(signed.uuid).toBe(elementText(sample.xml, 'cbc:UUID'));
  });
});

test('CertDigest is base64 of the hex SHA-256 of the base64 certificate text (spec 3.2)', () => {
  const hex = createHash('sha256').update(certificate.base64).digest('hex');
  expect(Buffer.from(certificate.certDigest, 'base64').toString()).toBe(hex);
});
