import { parseXmlFast } from '../../../../src/core/xml/parse-xml-fast';
import {
  scanPlainXml,
  type PlainXmlHandler,
  type ScannedAttributes,
} from '../../../../src/core/xml/plain-xml-scanner';
import { seededRng, type Rng } from '../rules/mutations';
import { wellFormedDocuments } from './xml-documents';
import { graphDifference, plainParse } from './xmldom-oracle';

/** Scans without building anything: only whether the scanner read the text itself. */
const scanned = (xml: string): boolean => scanPlainXml(xml, recorder([]));

/** A handler that writes down each call, with the attributes as the DOM builder reads them. */
function recorder(calls: unknown[]): PlainXmlHandler {
  const attributesOf = (a: ScannedAttributes) =>
    Array.from({ length: a.length }, (_, i) => [a.getQName(i), a.getURI(i), a.getValue(i)]);
  return {
    processingInstruction: (target, data) => calls.push(['pi', target, data]),
    characters: (chars, start, length) => calls.push(['text', chars.substr(start, length)]),
    startElement: (uri, local, qName, attributes) =>
      calls.push(['start', uri, local, qName, attributesOf(attributes)]),
    endElement: (uri, local, qName) => calls.push(['end', uri, local, qName]),
  };
}

const PREFIXES = ['a', 'cbc', 'ds', 'x-y', '_p', 'B'] as const;
const URIS = ['urn:one', 'urn:two', 'http://e.example/x?a=1&amp;b=2', 'urn:ثلاثة'] as const;
const NAMES = ['z', 'ID', 'm.n', 'b-c', 'schemeID'] as const;
// Source text: the references become characters when parsed.
const TEXTS = [
  'plain',
  'a &amp; b &gt; c',
  '&lt;x&gt; &quot;q&quot; &apos;s&apos;',
  'line&#13;\nbreak&#10;',
  'tab\there &#x9;',
  'ﻋﺮﺑﻲ &#x1F600; &#169;',
  '  ',
  '\n    ',
  'a > b',
] as const;
const VALUES = ['v', '&amp;&lt;&quot;&gt;', 'x&#9;y&#10;z&#13;', "it's", 'ﻋﺮﺑﻲ', 'a\tb\nc', ''];
const DECLARATIONS = [
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  "<?xml version='1.0'?>",
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n\n',
] as const;

/** A random document inside the scanner's subset. */
function plainDocument(r: Rng): string {
  const element = (depth: number, scope: Set<string>): string => {
    const inner = new Set(scope);
    const attributes: string[] = [];
    for (let i = r.int(0, 2); i > 0; i--) {
      const prefix = r.pick(PREFIXES);
      if (attributes.some((a) => a.startsWith(`xmlns:${prefix}=`))) continue;
      attributes.push(`xmlns:${prefix}="${r.pick(URIS)}"`);
      inner.add(prefix);
    }
    if (r.chance(0.2)) attributes.push(`xmlns="${r.pick(URIS)}"`);
    const bound = [...inner];
    const prefix = bound.length && r.chance(0.5) ? r.pick(bound) : '';
    const name = `${prefix ? prefix + ':' : ''}e${depth}`;
    const used = new Set<string>();
    for (let i = r.int(0, 3); i > 0; i--) {
      const attrName = (bound.length && r.chance(0.3) ? r.pick(bound) + ':' : '') + r.pick(NAMES);
      if (used.has(attrName)) continue;
      used.add(attrName);
      const quote = r.chance(0.8) ? '"' : "'";
      const value = r.pick(VALUES).replace(quote === '"' ? /"/g : /'/g, '');
      attributes.push(`${attrName}${r.chance(0.1) ? ' = ' : '='}${quote}${value}${quote}`);
    }
    if (r.chance(0.1)) attributes.push('xml:lang="ar"');
    let children = '';
    for (let i = depth < 4 ? r.int(0, 4) : 0; i > 0; i--) {
      children += r.chance(0.45) ? element(depth + 1, inner) : r.pick(TEXTS);
    }
    const open = [name, ...attributes].join(r.chance(0.1) ? '\n  ' : ' ');
    const close = r.chance(0.1) ? `</${name} >` : `</${name}>`;
    return children || r.chance(0.5) ? `<${open}>${children}${close}` : `<${open}/>`;
  };
  return `${r.pick(DECLARATIONS)}${element(0, new Set())}${r.pick(['', '\n', ' \n\t'])}`;
}

const INSERTS = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '/',
  ':',
  ' ',
  '=',
  ']]>',
  '<!-- c -->',
  '<?p?>',
  '<![CDATA[x]]>',
  '\u00a0',
  '&#0;',
  '&#X41;',
  '&#xD800;',
  '&nbsp;',
  '&#65',
  'é',
  '<b/>',
  '</b>',
  'xmlns=""',
  ' xmlns:q="urn:q"',
  ' q:a="1"',
  '<q:b/>',
] as const;

/** One edit at a random place: most give text that is no longer XML, some give other XML. */
function mutate(xml: string, r: Rng): string {
  const at = r.int(0, xml.length);
  switch (r.int(0, 3)) {
    case 0:
      return xml.slice(0, at) + xml.slice(at + 1);
    case 1:
      return xml.slice(0, at) + r.pick(INSERTS) + xml.slice(at);
    case 2: {
      const length = r.int(1, 12);
      return xml.slice(0, at) + xml.slice(at, at + length) + xml.slice(at);
    }
    default:
      return xml.slice(0, at);
  }
}

/** parseXmlFast against untouched xmldom: the same tree, or both refuse. */
function compare(xml: string): { same: boolean; xmldomRefused: boolean; detail?: string } {
  let expected;
  try {
    expected = plainParse(xml);
  } catch {
    const ours = parseXmlFast(xml);
    return { same: ours === undefined, xmldomRefused: true, detail: 'xmldom refused it' };
  }
  const ours = parseXmlFast(xml);
  if (!ours) return { same: false, xmldomRefused: false, detail: 'only ours refused it' };
  const difference = graphDifference(ours, expected);
  return { same: difference === undefined, xmldomRefused: false, detail: difference };
}

describe('plain XML scanner (the fast parse of plain documents)', () => {
  it("reads the SDK's samples and the project's signed and unsigned invoices itself", () => {
    const documents = wellFormedDocuments().filter(
      (d) => d.name.endsWith('.xml') || d.name.endsWith('signed)'),
    );
    expect(documents.length).toBeGreaterThanOrEqual(19 + 10);
    for (const { name, xml } of documents) {
      expect({ name, scanned: scanned(xml) }).toEqual({ name, scanned: true });
    }
  });

  it('makes the calls xmldom would: declaration, white space before the root, namespaces, references', () => {
    const calls: unknown[] = [];
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<r xmlns="urn:d" xmlns:p="urn:p" a="x&#9;y\tz">' +
      '<p:e p:b="&lt;&amp;" c=\'&quot;\'>1 &gt; &#x1F600;</p:e><e/></r >\n';
    expect(scanPlainXml(xml, recorder(calls))).toBe(true);
    const xmlns = 'http://www.w3.org/2000/xmlns/';
    expect(calls).toEqual([
      ['pi', 'xml', 'version="1.0" encoding="UTF-8"'],
      ['text', '\n'],
      [
        'start',
        'urn:d',
        'r',
        'r',
        [
          ['xmlns', xmlns, 'urn:d'],
          ['xmlns:p', xmlns, 'urn:p'],
          ['a', undefined, 'x\ty z'],
        ],
      ],
      [
        'start',
        'urn:p',
        'e',
        'p:e',
        [
          ['p:b', 'urn:p', '<&'],
          ['c', undefined, '"'],
        ],
      ],
      ['text', '1 > \u{1F600}'],
      ['end', 'urn:p', 'e', 'p:e'],
      ['start', 'urn:d', 'e', 'e', []],
      ['end', 'urn:d', 'e', 'e'],
      ['end', 'urn:d', 'r', 'r'],
    ]);
  });

  it.each([
    ['a comment', '<r><!-- c --></r>'],
    ['CDATA', '<r><![CDATA[x]]></r>'],
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['a processing instruction', '<r><?p d?></r>'],
    ['a declaration it does not know', '<?xml version="1.1"?><r/>'],
    ['an unbound element prefix', '<p:r/>'],
    ['an unbound attribute prefix', '<r p:a="1"/>'],
    ['an undeclared default namespace', '<r xmlns="urn:d"><e xmlns=""/></r>'],
    ['a redefined attribute', '<r a="1" a="2"/>'],
    ['an unquoted attribute', '<r a=1/>'],
    ['an attribute without a value', '<r a/>'],
    ['attributes without space between', '<r a="1"b="2"/>'],
    ["'<' in an attribute", '<r a="<"/>'],
    ["a bare '&'", '<r>a & b</r>'],
    ['an unknown entity', '<r>&nbsp;</r>'],
    ['a reference without ;', '<r>&amp</r>'],
    ['a reference to a character XML forbids', '<r>&#0;</r>'],
    ["a hexadecimal reference with 'X'", '<r>&#X41;</r>'],
    ['a non-ASCII name', '<فاتورة/>'],
    ['a mismatched end tag', '<r><a></b></r>'],
    ['an end tag with a longer name', '<r><a></ab></r>'],
    ['two roots', '<a/><b/>'],
    ['text before the root', 'x<r/>'],
    ['text after the root', '<r/>x'],
    ['no root', '  '],
    ['an unclosed element', '<r><a></r>'],
    ['a byte order mark', '\uFEFF<r/>'],
    [
      'an element with more than 64 attributes',
      `<r ${Array.from({ length: 65 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`,
    ],
  ])('leaves %s to xmldom', (_case, xml) => {
    expect(scanned(xml)).toBe(false);
  });

  it('reads an element with 64 attributes itself', () => {
    expect(scanned(`<r ${Array.from({ length: 64 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`)).toBe(
      true,
    );
  });

  it('gives the tree untouched xmldom gives, for 2,000 random plain documents and 6,000 edits of them', () => {
    const r = seededRng(20261122);
    const failures: unknown[] = [];
    let scannedPlain = 0;
    let scannedEdits = 0;
    let refusedEdits = 0;
    for (let n = 0; n < 2000; n++) {
      const xml = plainDocument(r);
      if (scanned(xml)) scannedPlain++;
      const result = compare(xml);
      if (!result.same || result.xmldomRefused) failures.push({ n, xml, ...result });
      for (let m = 0; m < 3; m++) {
        const edited = mutate(xml, r);
        if (scanned(edited)) scannedEdits++;
        const outcome = compare(edited);
        if (outcome.xmldomRefused) refusedEdits++;
        if (!outcome.same) failures.push({ n, m, xml: edited, ...outcome });
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // Every generated document is read by the scanner itself; the edits reach both sides.
    expect(scannedPlain).toBe(2000);
    expect(scannedEdits).toBeGreaterThan(1000);
    expect(refusedEdits).toBeGreaterThan(1000);
  });
});
