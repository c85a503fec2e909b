import { parseCertificate } from '../../../../src/core/crypto/certificate';
import { NodeSigner } from '../../../../src/core/crypto/node-signer';
import { buildQr, decodeQr } from '../../../../src/core/qr/qr-code';
import {
  signInvoice,
  stripSignature,
  verifyInvoiceQr,
  verifyInvoiceSignature,
} from '../../../../src/core/signing';
import type { Finding } from '../../../../src/core/validation/stage-result';
import { foreignCredentials } from '../crypto/foreign-certificate';
import { elementText, qrPayload, sdkCertificateText, sdkSamples } from './sdk-samples';

const sample = sdkSamples().find((s) =>
  s.path.endsWith('Simplified/Invoice/Simplified_Invoice.xml'),
)!;
const sdkCertificate = parseCertificate(sdkCertificateText());
const codes = (findings: Finding[]): string[] => findings.map((f) => `${f.severity}:${f.code}`);

test('a changed amount fails the signature stage with invalid-invoice-hash only', () => {
  const xml = sample.xml.replace(
    '<cbc:TaxInclusiveAmount currencyID="SAR">231.15<',
    '<cbc:TaxInclusiveAmount currencyID="SAR">231.16<',
  );
  expect(xml).not.toBe(sample.xml);
  const result = verifyInvoiceSignature(xml);
  expect(result.passed).toBe(false);
  expect(codes(result.findings)).toEqual(['error:invalid-invoice-hash']);
  // Tag 6 no longer matches the recomputed hash either.
  expect(codes(verifyInvoiceQr(xml).findings)).toEqual(['error:QRCODE_INVALID']);
});

describe('a foreign certificate', () => {
  const foreign = foreignCredentials();
  const foreignCert = parseCertificate(foreign.certificateDer);

  test('swapped into a sample breaks CertDigest, issuer, serial, signature and QR tags 8/9', () => {
    const xml = sample.xml.replace(
      `<ds:X509Certificate>${sdkCertificate.base64}<`,
      `<ds:X509Certificate>${foreignCert.base64}<`,
    );
    expect(xml).not.toBe(sample.xml);
    const result = verifyInvoiceSignature(xml);
    expect(codes(result.findings)).toEqual([
      'error:signing-certificate-digest',
      'error:certificate-issuer-name',
      'error:certificate-serial-number',
      'error:invalid-signature',
    ]);
    expect(verifyInvoiceQr(xml).findings.map((f) => f.message)).toEqual([
      "QR tag 8 (public key) is not the certificate's public key",
      "QR tag 9 (certificate signature) is not the certificate's signature",
    ]);
  });

  test('a document properly signed with it verifies, but not against the expected --cert', () => {
    const signed = signInvoice(
      stripSignature(sample.xml),
      { signer: new NodeSigner(foreign.privateKey), certificate: foreignCert },
      { signingTime: '2025-01-01T10:00:00' },
    );
    expect(verifyInvoiceSignature(signed.xml).passed).toBe(true);
    expect(verifyInvoiceQr(signed.xml).findings).toEqual([]);
    const result = verifyInvoiceSignature(signed.xml, { certificate: sdkCertificateText() });
    expect(codes(result.findings)).toEqual(['error:signing-certificate-mismatch']);
    expect(verifyInvoiceSignature(signed.xml, { certificate: 'garbage!' }).findings).toEqual([
      expect.objectContaining({
        code: 'invalid-certificate',
        message: 'expected certificate: not PEM, base64 or DER',
      }),
    ]);
  });

  test("signing with a key that is not the certificate's is refused", () => {
    expect(() =>
      signInvoice(stripSignature(sample.xml), {
        signer: new NodeSigner(foreign.privateKey),
        certificate: sdkCertificate,
      }),
    ).toThrow('the private key does not belong to the certificate');
  });
});

test('an edited SignedProperties fails with signed-properties-hashing', () => {
  const xml = sample.xml.replace(
    '<xades:SigningTime>2025-07-22T15:51:28<',
    '<xades:SigningTime>2025-07-22T15:51:29<',
  );
  expect(codes(verifyInvoiceSignature(xml).findings)).toEqual(['error:signed-properties-hashing']);
});

test('a tampered SignatureValue fails with invalid-signature', () => {
  const old = elementText(sample.xml, 'ds:SignatureValue');
  const forged = Buffer.from(old, 'base64');
  forged[forged.length - 1] ^= 1;
  const xml = sample.xml.replace(`>${old}<`, `>${forged.toString('base64')}<`);
  expect(codes(verifyInvoiceSignature(xml).findings)).toEqual(['error:invalid-signature']);
});

describe('a broken QR', () => {
  const oldQr = qrPayload(sample.xml);
  const withQr = (payload: string): string => sample.xml.replace(`>${oldQr}<`, `>${payload}<`);

  test('truncated TLV is QRCODE_INVALID', () => {
    const bytes = Buffer.from(oldQr, 'base64');
    const result = verifyInvoiceQr(withQr(bytes.subarray(0, bytes.length - 5).toString('base64')));
    expect(result.passed).toBe(false);
    expect(codes(result.findings)).toEqual(['error:QRCODE_INVALID']);
    expect(result.findings[0].message).toMatch(/cannot be decoded.*tag 9/);
  });

  test('not base64 is QRCODE_INVALID', () => {
    expect(codes(verifyInvoiceQr(withQr('not a QR!')).findings)).toEqual(['error:QRCODE_INVALID']);
  });

  test('a timestamp differing from IssueDate/IssueTime is invoiceTimeStamp_QRCODE_INVALID', () => {
    const decoded = decodeQr(oldQr);
    const payload = buildQr(
      {
        sellerName: decoded.sellerName!,
        vatNumber: decoded.vatNumber!,
        timestamp: `${decoded.timestamp!}Z`,
        totalWithVat: decoded.totalWithVat!,
        vatTotal: decoded.vatTotal!,
        simplified: true,
      },
      {
        invoiceHash: decoded.invoiceHash!,
        signatureValue: decoded.signatureValue!,
        publicKeyDer: decoded.publicKey!,
        certificateSignatureDer: decoded.certificateSignature!,
      },
    );
    const result = verifyInvoiceQr(withQr(payload));
    expect(codes(result.findings)).toEqual(['warning:invoiceTimeStamp_QRCODE_INVALID']);
    expect(result.passed).toBe(true);
  });

  test('a changed seller name is QRCODE_INVALID naming tag 1', () => {
    const bytes = Buffer.from(oldQr, 'base64');
    // Tag 1 ends "... | Maximum Speed Tech Supply LTD"; change an ASCII letter of it.
    const at = bytes.indexOf('Maximum');
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0x4e; // 'N'
    const result = verifyInvoiceQr(withQr(bytes.toString('base64')));
    expect(codes(result.findings)).toEqual(['error:QRCODE_INVALID']);
    expect(result.findings[0].message).toMatch(/^QR tag 1 \(seller name\)/);
  });
});

test('a missing signature is an error for simplified and a warning for standard documents', () => {
  const unsigned = stripSignature(sample.xml).xml;
  expect(codes(verifyInvoiceSignature(unsigned).findings)).toEqual(['error:signature-missing']);
  expect(codes(verifyInvoiceQr(unsigned).findings)).toEqual(['error:QRCODE_INVALID']);
  const standard = sdkSamples().find((s) =>
    s.path.endsWith('Standard/Invoice/Standard_Invoice.xml'),
  )!;
  const unsignedStandard = stripSignature(standard.xml).xml;
  expect(codes(verifyInvoiceSignature(unsignedStandard).findings)).toEqual([
    'warning:signature-missing',
  ]);
  expect(verifyInvoiceQr(unsignedStandard).findings).toEqual([]);
});

test('QR tag 4 holding TaxInclusiveAmount (SDK 3.2.7 style) instead of PayableAmount is a warning', () => {
  const prepaid = sdkSamples().find((s) =>
    s.path.endsWith('Invoice/Advance Payment adjustments.xml'),
  )!;
  const oldQr = qrPayload(prepaid.xml);
  const d = decodeQr(oldQr);
  expect(d.totalWithVat).toBe(elementText(prepaid.xml, 'cbc:PayableAmount'));
  const payload = buildQr(
    {
      sellerName: d.sellerName!,
      vatNumber: d.vatNumber!,
      timestamp: d.timestamp!,
      totalWithVat: elementText(prepaid.xml, 'cbc:TaxInclusiveAmount'),
      vatTotal: d.vatTotal!,
      simplified: false,
    },
    {
      invoiceHash: d.invoiceHash!,
      signatureValue: d.signatureValue!,
      publicKeyDer: d.publicKey!,
      certificateSignatureDer: Buffer.alloc(0),
    },
  );
  const result = verifyInvoiceQr(prepaid.xml.replace(`>${oldQr}<`, `>${payload}<`));
  expect(codes(result.findings)).toEqual(['warning:QRCODE_INVALID']);
  expect(result.findings[0].message).toMatch(/TaxInclusiveAmount "2185".*PayableAmount "1035"/);
});
