import { parseProperties, PropertiesSyntaxError } from '../../../../src/core/csr/properties-format';

const asObject = (text: string) =>
  Object.fromEntries(parseProperties(text).map(({ key, value }) => [key, value]));

describe('parseProperties (java.util.Properties rules)', () => {
  it('skips # and ! comments and blank lines, and keeps line numbers', () => {
    const entries = parseProperties('# comment\n! also comment\n\n   \na=1\n');
    expect(entries).toEqual([{ key: 'a', value: '1', line: 5 }]);
  });

  it('accepts =, : and white space between key and value', () => {
    expect(asObject('a=1\nb:2\nc 3\nd = 4\ne\t:\t5')).toEqual({
      a: '1',
      b: '2',
      c: '3',
      d: '4',
      e: '5',
    });
  });

  it('keeps a second = as part of the value, and allows an empty value', () => {
    expect(asObject('a==x=y\nb=')).toEqual({ a: '=x=y', b: '' });
  });

  it('decodes \\uXXXX escapes, including Arabic and surrogate pairs', () => {
    expect(asObject('o=\\u0634\\u0631\\u0643\\u0629\ne=\\ud83d\\ude00')).toEqual({
      o: 'شركة',
      e: '😀',
    });
  });

  it('decodes simple escapes and escaped separators in keys', () => {
    expect(asObject('a\\=b=c\\td\nx=\\#\\\\')).toEqual({ 'a=b': 'c\td', x: '#\\' });
  });

  it('joins continued lines, dropping the next line’s leading white space', () => {
    expect(asObject('a=one \\\n    two\nb=c\\\\\nd=e')).toEqual({ a: 'one two', b: 'c\\', d: 'e' });
  });

  it('does not treat # inside a continued line as a comment', () => {
    expect(asObject('a=x\\\n#y')).toEqual({ a: 'x#y' });
  });

  it('reads CRLF and CR line ends and a UTF-8 byte order mark', () => {
    expect(asObject('\uFEFFa=1\r\nb=2\rc=3')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('reads UTF-8 text as is (the SDK writes Arabic unescaped)', () => {
    expect(asObject('csr.organization.unit.name=فرع الرياض')).toEqual({
      'csr.organization.unit.name': 'فرع الرياض',
    });
  });

  it('rejects a malformed \\u escape, with its line', () => {
    expect(() => parseProperties('a=1\nb=\\u12G4')).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties('a=1\nb=\\u12G4')).toThrow(/line 2/);
  });

  it('keeps duplicates for the caller to judge', () => {
    expect(parseProperties('a=1\na=2').map((entry) => entry.value)).toEqual(['1', '2']);
  });
});
