import { stripSignature } from '../../../../src/core/signing';
import { sdkSamples } from './sdk-samples';

const sample = sdkSamples().find((s) => s.path.endsWith('Simplified_Invoice.xml'))!;

test('removes the three elements and nothing else, remembering where they were', () => {
  const { xml, insertAt, canonical } = stripSignature(sample.xml);
  expect(canonical).toBeUndefined();
  expect(xml).not.toMatch(/UBLExtensions|<cac:Signature>|<cbc:ID>QR</);
  const root = '<Invoice ';
  const rootEnd = sample.xml.indexOf('>', sample.xml.indexOf(root)) + 1;
  expect(insertAt.extensions).toBe(rootEnd);
  // In the SDK layout cac:Signature directly follows the QR reference: one offset for both.
  expect(insertAt.qr).toBe(insertAt.signature);
  expect(xml.slice(insertAt.qr)).toMatch(/^<cac:AccountingSupplierParty>/);
  expect(xml.slice(0, insertAt.qr)).toMatch(
    /<\/cac:AdditionalDocumentReference>\n {4}\n {4}\n {4}$/,
  );
  // Whitespace around the removed elements stays.
  expect(xml.slice(insertAt.extensions)).toMatch(/^\n\n {4}<cbc:ProfileID>/);
});

test('a never-signed document gets the SDK insertion points: same offsets as after stripping', () => {
  const once = stripSignature(sample.xml);
  const twice = stripSignature(once.xml);
  expect(twice).toEqual(once);
});

test('declares xmlns:ext on the root when the document lacks it', () => {
  const declaration =
    ' xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"';
  const stripped = stripSignature(sample.xml);
  const withoutExt = stripped.xml.replace(declaration, '');
  expect(withoutExt).not.toBe(stripped.xml);
  // The samples declare ext last, where it is added back.
  expect(stripSignature(withoutExt)).toEqual(stripped);
});

test('keeps elements that only look like the excluded ones', () => {
  const xml = stripSignature(sample.xml).xml.replace(
    '<cac:AccountingSupplierParty>',
    '<cac:AdditionalDocumentReference>\n        <cbc:ID>QRX</cbc:ID>\n    </cac:AdditionalDocumentReference><cac:AccountingSupplierParty>',
  );
  expect(stripSignature(xml).xml).toBe(xml);
});

test('rejects documents it cannot sign, naming the problem', () => {
  expect(() => stripSignature('<CreditNote xmlns="urn:x"/>')).toThrow(
    'document root is <CreditNote>, expected a UBL Invoice',
  );
  expect(() =>
    stripSignature(sample.xml.replace('xmlns:cbc="urn:oasis:', 'xmlns:cbc="urn:other:')),
  ).toThrow(/must bind the prefix "cbc"/);
  expect(() => stripSignature(sample.xml.slice(0, 2000))).toThrow(/truncated|ends inside/);
});
