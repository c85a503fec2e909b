import { createHash } from 'node:crypto';
import { HashWriter } from '../../../../src/core/ubl/hash-writer';

const sha = (pieces: string[]) =>
  createHash('sha256')
    .update(Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8'))))
    .digest();

test('hashes the UTF-8 of each piece in turn: Arabic, Latin-1, astral, lone surrogates, growth', () => {
  const alphabet = ['a', '<', 'é', 'ك', '😀', '\ud800', '\udc00', '\n'];
  for (let round = 0; round < 200; round++) {
    const writer = new HashWriter();
    const all: string[] = [];
    const pieces = 1 + (round % 7);
    for (let p = 0; p < pieces; p++) {
      let piece = '';
      const length = round % 50 === 0 ? 40_000 : (round * 31 + p * 7) % 90;
      for (let i = 0; i < length; i++) piece += alphabet[(i * 13 + round + p) % alphabet.length];
      writer.write(piece);
      all.push(piece);
    }
    expect(writer.digest().equals(sha(all))).toBe(true);
  }
});
