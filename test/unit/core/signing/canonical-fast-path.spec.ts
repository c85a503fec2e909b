import { createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import * as parseModule from '../../../../src/core/xml/parse-xml';
import {
  canonicalRootText,
  invoiceHash,
  loadSigningCredentials,
  readQrFields,
  signInvoice,
  stripSignature,
  verifyInvoiceQr,
  verifyInvoiceSignature,
  type UnsignedInvoice,
} from '../../../../src/core/signing';
import { sdkCertificateText, sdkPrivateKeyText, sdkSamples } from './sdk-samples';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Canonicalised here with xml-crypto directly, independent of src/core/xml.
function xmlCryptoC14n(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return new C14nCanonicalization().process(doc.documentElement, {});
}

/** A sample reduced to canonical form, as our renderer would hand it over. */
function canonicalUnsigned(xml: string): { unsigned: UnsignedInvoice; c14n: string } {
  const c14n = xmlCryptoC14n(stripSignature(xml).xml);
  const { insertAt } = stripSignature(DECLARATION + c14n);
  return { unsigned: { xml: DECLARATION + c14n, insertAt, canonical: true }, c14n };
}

describe.each(sdkSamples().map((s) => [s.path, s] as const))('%s', (_path, sample) => {
  test('fast path hashes exactly the C14N bytes and equals the real-C14N hash', () => {
    const { unsigned, c14n } = canonicalUnsigned(sample.xml);
    expect(Buffer.from(canonicalRootText(unsigned.xml)).equals(Buffer.from(c14n))).toBe(true);
    const fast = invoiceHash(unsigned);
    expect(fast).toBe(createHash('sha256').update(c14n).digest('base64'));
    expect(fast).toBe(invoiceHash({ ...unsigned, canonical: false }));
    expect(fast).toBe(sample.expectedHash);
  });
});

test('canonical input with QR fields is signed without any XML parsing, and verifies', () => {
  const sample = sdkSamples().find((s) => s.path.endsWith('Simplified_Invoice.xml'))!;
  const { unsigned } = canonicalUnsigned(sample.xml);
  const qrFields = readQrFields(parseModule.parseXml(unsigned.xml).documentElement!);
  const credentials = loadSigningCredentials({
    privateKey: sdkPrivateKeyText(),
    certificate: sdkCertificateText(),
  });
  const parse = jest.spyOn(parseModule, 'parseXml');
  try {
    const signed = signInvoice({ ...unsigned, qrFields }, credentials);
    expect(parse).not.toHaveBeenCalled();
    expect(signed.invoiceHash).toBe(sample.expectedHash);
    expect(verifyInvoiceSignature(signed.xml).findings).toEqual([]);
    expect(verifyInvoiceQr(signed.xml).findings).toEqual([]);
  } finally {
    parse.mockRestore();
  }
});

test('samples whose stripped text is already canonical hash identically on both paths', () => {
  let canonicalCount = 0;
  for (const sample of sdkSamples()) {
    const unsigned = stripSignature(sample.xml);
    if (canonicalRootText(unsigned.xml) !== xmlCryptoC14n(unsigned.xml)) continue;
    canonicalCount++;
    expect(invoiceHash({ ...unsigned, canonical: true })).toBe(sample.expectedHash);
  }
  // 12 of the 19 SDK samples are canonical once stripped (the others order attributes freely).
  expect(canonicalCount).toBeGreaterThan(0);
});
