import { c14nAttribute, c14nText } from '../../../../src/core/ubl/c14n-text';
import { escapeC14nAttribute, escapeC14nText } from '../../../../src/core/xml/c14n-escape';

// The renderer's escaping (a character loop for short values, a regular expression otherwise)
// against src/core/xml's, which the canonicaliser uses, on random values around the cut-over.
describe('c14nText and c14nAttribute', () => {
  const alphabet = ['a', '1', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', 'ف', '😀', '.'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;

  it('escape exactly as Canonical XML does, for values shorter and longer than 64', () => {
    for (let i = 0; i < 5000; i++) {
      const length = next() % 130;
      const plain = next() % 2 === 0;
      let value = '';
      for (let k = 0; k < length; k++) {
        value += plain && k !== length - 1 ? 'x' : alphabet[next() % alphabet.length];
      }
      expect(c14nText(value)).toBe(escapeC14nText(value));
      expect(c14nAttribute(value)).toBe(escapeC14nAttribute(value));
    }
    expect(c14nText('A & B <c> "q" \r')).toBe('A &amp; B &lt;c&gt; "q" &#xD;');
    expect(c14nAttribute('A & B <c> "q"\t\n\r')).toBe(
      'A &amp; B &lt;c> &quot;q&quot;&#x9;&#xA;&#xD;',
    );
  });
});
