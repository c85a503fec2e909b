import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { XML_DECLARATION } from '../../../../src/core/ubl';
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
