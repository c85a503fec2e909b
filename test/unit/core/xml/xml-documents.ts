import { readFileSync } from 'node:fs';
import { issueInvoice } from '../../../../src/core/issue';
import { loadSigningCredentials } from '../../../../src/core/signing';
import { INITIAL_PIH } from '../../../../src/core/ubl';
import { sdkPath } from '../../../support/sdk';
import { readFixture } from '../ubl/fixture-support';
import { sdkSamples } from '../signing/sdk-samples';

/** Well-formed documents for comparing parsers: what xmldom meets in the project, and oddities. */
export function wellFormedDocuments(): Array<{ name: string; xml: string }> {
  const samples = sdkSamples().map(({ path, xml }) => ({ name: path, xml }));
  const credentials = loadSigningCredentials({
    privateKey: readFileSync(sdkPath('Certificates', 'ec-secp256k1-priv-key.pem'), 'utf8'),
    certificate: readFileSync(sdkPath('Certificates', 'cert.pem'), 'utf8'),
  });
  const rendered = [
    'simplified-invoice',
    'standard-credit-note',
    'foreign-currency-invoice',
    'special-characters',
    'summary-standard',
  ].flatMap((fixture) => {
    const issued = issueInvoice(readFixture(fixture), { icv: 3, pih: INITIAL_PIH, credentials });
    return [
      { name: `${fixture} (unsigned)`, xml: issued.unsigned.xml },
      { name: `${fixture} (signed)`, xml: issued.signed.xml },
    ];
  });
  return [...samples, ...rendered, ...oddities];
}

const oddities = [
  {
    name: 'declaration, comments, PIs and whitespace outside the root',
    xml: '<?xml version="1.0" encoding="UTF-8"?>\n<!-- before -->\n<?pi before?>\n<r>x</r>\n<!-- after --><?pi after?>\n',
  },
  {
    name: 'comments, PIs, CDATA and entities inside',
    xml: '<r a="&lt;&amp;&#65;&#x1F600;" b="t\ta\nb"><!--c--><?p d?><![CDATA[<x>&amp;]]>&gt;&quot;&apos;&#169;<e/>\t</r>',
  },
  {
    name: 'text either side of an empty CDATA section (adjacent text nodes, normalized)',
    xml: '<r><a>x<![CDATA[]]>y</a><b>1<![CDATA[]]>2<![CDATA[]]>3<c/>4</b></r>',
  },
  {
    name: 'namespaces: default, prefixed, redeclared, undeclared, xml: and xmlns attributes',
    xml:
      '<r xmlns="urn:d" xmlns:p="urn:p" xml:lang="ar"><p:a p:x="1" x="2"><b xmlns="">' +
      '<p:c xmlns:p="urn:q" p:y="3"/></b></p:a><a xmlns:p="urn:p" p:x="4"/></r>',
  },
  {
    name: 'the same name in different namespaces, and the same attribute local name twice',
    xml: '<r xmlns:a="urn:a" xmlns:b="urn:b"><a:e a:n="1" b:n="2" n="3"/><b:e/><e/></r>',
  },
  {
    name: 'line breaks to normalize: CRLF, CR, NEL, LS, PS',
    xml: '<r>\r\n<a>1\r2\u00853\u20284\u20295</a>\r\n</r>\r\n',
  },
  {
    name: 'a DOCTYPE with an internal subset',
    xml: '<!DOCTYPE r [<!ELEMENT r ANY>]>\n<r/>',
  },
  { name: 'an unquoted attribute and one without value (xmldom warns only)', xml: '<r a=b c/>' },
  { name: 'Arabic text and names', xml: '<فاتورة رقم="١">نص عربي</فاتورة>' },
  {
    name: 'deep nesting and many siblings',
    xml: `<r>${'<d>'.repeat(200)}${'<s i="1">t</s>'.repeat(500)}${'</d>'.repeat(200)}</r>`,
  },
];

/** Text xmldom refuses, by what is wrong with it. */
export const malformedDocuments: Record<string, string> = {
  'unclosed tag': '<a><b>',
  'mismatched end tag': '<a><b></a>',
  'two roots': '<a/><b/>',
  'text before the root': 'x<a/>',
  'text after the root': '<a/>x',
  'bad entity': '<a>&foo;</a>',
  'entity without semicolon': '<a>&amp</a>',
  'redefined attribute': '<a b="1" b="2"/>',
  '< in attribute': '<a b="<"/>',
  'undeclared element prefix': '<x:a/>',
  'undeclared attribute prefix': '<a x:b="1"/>',
  'empty string': '',
  'only whitespace': '  \n ',
  'only a comment': '<!-- c -->',
  'multi-line, error on line 3': '<?xml version="1.0"?>\n<a>\n  <b></c>\n</a>',
  'bad end tag name': '<a></a b>',
  'xmlns prefix on element': '<xmlns:a xmlns:xmlns="urn:x"/>',
  'doctype inside root': '<a><!DOCTYPE a></a>',
};
