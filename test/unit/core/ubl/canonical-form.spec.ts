import { createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { XML_DECLARATION } from '../../../../src/core/ubl';
import { loadSigningCredentials, signInvoice, stripSignature } from '../../../../src/core/signing';
import { sdkCertificateText, sdkPrivateKeyText } from '../signing/sdk-samples';
import { fixtureNames, renderFixture } from './fixture-support';

const c14n = new C14nCanonicalization();

function canonicalise(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return c14n.process(doc.documentElement!, {});
}

describe('rendered UBL is already in inclusive C14N form', () => {
  const names = fixtureNames();

  it('has fixtures of every kind', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(names)('%s: text after the declaration equals its canonicalisation', (name) => {
    const { unsigned } = renderFixture(name);
    expect(unsigned.canonical).toBe(true);
    expect(unsigned.xml.startsWith(XML_DECLARATION)).toBe(true);
    const body = unsigned.xml.slice(XML_DECLARATION.length);
    expect(canonicalise(unsigned.xml)).toBe(body);
    expect(body).not.toMatch(/\r|\/>/);
  });

  it.each(names)('%s: stays canonical once the signer inserts its parts', (name) => {
    const { unsigned } = renderFixture(name);
    const { extensions, qr, signature } = unsigned.insertAt;
    const x = unsigned.xml;
    const signed =
      x.slice(0, extensions) +
      '<ext:UBLExtensions><ext:UBLExtension></ext:UBLExtension></ext:UBLExtensions>' +
      x.slice(extensions, qr) +
      '<cac:AdditionalDocumentReference><cbc:ID>QR</cbc:ID></cac:AdditionalDocumentReference>' +
      x.slice(qr, signature) +
      '<cac:Signature><cbc:ID>urn:oasis:names:specification:ubl:signature:Invoice</cbc:ID></cac:Signature>' +
      x.slice(signature);
    expect(canonicalise(signed)).toBe(signed.slice(XML_DECLARATION.length));
    // The parts land where UBL's XSD order wants them.
    expect(signed).toMatch(
      /<Invoice [^>]+>\n {4}<ext:UBLExtensions>.*<\/ext:UBLExtensions>\n {4}<cbc:ProfileID>/,
    );
    expect(signed).toMatch(
      /<\/cac:AdditionalDocumentReference>\n {4}<cac:AdditionalDocumentReference><cbc:ID>QR.*\n {4}<cac:Signature>.*<\/cac:Signature>\n {4}<cac:AccountingSupplierParty>/,
    );
  });
});

describe('the hash the renderer computes while rendering', () => {
  it.each(fixtureNames())(
    '%s: equals the real-C14N hash of the stripped signed document',
    (name) => {
      const { unsigned } = renderFixture(name);
      expect(unsigned.hash).toBeDefined();
      const own = Buffer.from(unsigned.hash!);
      expect(own.equals(createHash('sha256').update(canonicalise(unsigned.xml)).digest())).toBe(
        true,
      );
      const credentials = loadSigningCredentials({
        privateKey: sdkPrivateKeyText(),
        certificate: sdkCertificateText(),
      });
      const signed = signInvoice(unsigned, credentials, { signingTime: '2024-03-11T00:30:00' });
      const stripped = canonicalise(stripSignature(signed.xml).xml);
      expect(signed.invoiceHash).toBe(createHash('sha256').update(stripped).digest('base64'));
      // Without the precomputed hash the signer computes the same one itself.
      const withoutHash = signInvoice({ ...unsigned, hash: undefined }, credentials, {
        signingTime: '2024-03-11T00:30:00',
      });
      expect(withoutHash.invoiceHash).toBe(signed.invoiceHash);
    },
  );
});
