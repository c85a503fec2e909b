import { writeUtf8 } from '../../../../src/core/encoding/utf8';

const encode = (text: string) => {
  const out = Buffer.alloc(2 + 3 * text.length, 0xee);
  const end = writeUtf8(out, 2, text);
  return out.subarray(2, end);
};

test('same bytes as Buffer.from at every UTF-8 length boundary, short and long', () => {
  const units = [0, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x643, 0xd7ff, 0xe000, 0xfffd, 0xffff];
  const texts = ['', ...units.map((u) => String.fromCharCode(u))];
  texts.push('كتاب', 'a😀b', '\ud800x', 'x\udc00', '\udc00\ud800', 'é'.repeat(64), 'ك'.repeat(65));
  for (const text of texts) expect(encode(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
});

test('same bytes as Buffer.from on random text', () => {
  const alphabet = ['a', '<', 'é', 'ك', '😀', '\ud800', '\udc00', '\n', '\u4e2d', '\u07ff'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;
  for (let i = 0; i < 500; i++) {
    let text = '';
    for (let n = next() % 90; n > 0; n--) text += alphabet[next() % alphabet.length];
    expect(encode(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
  }
});
