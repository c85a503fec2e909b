import { scanRootChildren, startTagAttributes } from '../../../../src/core/signing/xml-scanner';

test('finds the root children with exact offsets, past comments, CDATA, PIs and quoted ">"', () => {
  const xml =
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "x">]>\n<!-- <fake> -->\n' +
    '<r xmlns:a="u>v" b=\'1/\'>' +
    '<a:x t="a>b"><y><![CDATA[</a:x><z>]]></y><!-- </y> --></a:x>\n' +
    '  <?pi <x>?><empty/><w>text</w></r>\n';
  const { root, children } = scanRootChildren(xml);
  expect(root.name).toBe('r');
  expect(xml.slice(root.start, root.startTagEnd)).toBe('<r xmlns:a="u>v" b=\'1/\'>');
  expect(xml.slice(root.end)).toBe('\n');
  expect(children.map((c) => [c.name, xml.slice(c.start, c.end)])).toEqual([
    ['a:x', '<a:x t="a>b"><y><![CDATA[</a:x><z>]]></y><!-- </y> --></a:x>'],
    ['empty', '<empty/>'],
    ['w', '<w>text</w>'],
  ]);
  expect(Object.fromEntries(startTagAttributes(xml, root))).toEqual({ 'xmlns:a': 'u>v', b: '1/' });
});

test('broken structure is an error with the offset', () => {
  expect(() => scanRootChildren('<r><a></a>')).toThrow('XML ends inside <r>');
  expect(() => scanRootChildren('<r a="1></r>')).toThrow('truncated inside the start tag <r');
  expect(() => scanRootChildren('just text')).toThrow('no root element');
});
