import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { canonicalizeDocument } from '../../../../src/core/xml/canonicalize';
import { escapeC14nAttribute, escapeC14nText } from '../../../../src/core/xml/c14n-escape';
import { parseXml } from '../../../../src/core/xml/parse-xml';

const awkward = 'a & b < c > d "e" \'f\'\tg\nh\ri';

test('escaping helpers produce exactly what a real C14N writes', () => {
  // Build a document holding the awkward value as text and as attribute, via the DOM, so the
  // parser's own normalisation does not interfere, then canonicalise it with xml-crypto.
  const doc = new DOMParser().parseFromString('<r/>', 'text/xml');
  const root = doc.documentElement!;
  root.setAttribute('a', awkward);
  root.appendChild(doc.createTextNode(awkward));
  const c14n = new C14nCanonicalization().process(root, {});
  expect(c14n).toBe(`<r a="${escapeC14nAttribute(awkward)}">${escapeC14nText(awkward)}</r>`);
  expect(escapeC14nText(awkward)).toBe('a &amp; b &lt; c &gt; d "e" \'f\'\tg\nh&#xD;i');
  expect(escapeC14nAttribute(awkward)).toBe(
    "a &amp; b &lt; c > d &quot;e&quot; 'f'&#x9;g&#xA;h&#xD;i",
  );
  expect(escapeC14nText('plain')).toBe('plain');
});

test('canonicalizeDocument: no declaration, expanded empty elements, sorted attributes', () => {
  const xml =
    "<?xml version='1.0' encoding='UTF-8'?>\r\n<!-- c --><?pi before?>\n" +
    "<a xmlns='urn:a' z='1' b='2'><e/><!-- dropped -->t&#x41;\r\n</a>\n<?pi after?>\n";
  expect(canonicalizeDocument(parseXml(xml))).toBe(
    '<?pi before?>\n<a xmlns="urn:a" b="2" z="1"><e></e>tA\n</a>\n<?pi after?>',
  );
});

test('parse errors name the document and the problem', () => {
  expect(() => parseXml('<a><b></a>', 'invoice')).toThrow(/^invoice is not well-formed XML: /);
  expect(() => parseXml('', 'invoice')).toThrow(/invoice/);
});

test('processing instructions inside the root are refused rather than hashed wrongly', () => {
  expect(() => canonicalizeDocument(parseXml('<a><?pi x?></a>'))).toThrow('processing instruction');
});
