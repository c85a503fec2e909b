import { createHash } from 'node:crypto';
import { HashWriter } from '../../../../src/core/ubl/hash-writer';

const sha = (pieces: string[]) =>
  createHash('sha256')
    .update(Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8'))))
    .digest();

const alphabet = ['a', '<', 'é', 'ك', '😀', '\ud800', '\udc00', '\n'];

function piece(round: number, p: number): string {
  let text = '';
  const length = round % 50 === 0 ? 40_000 : (round * 31 + p * 7) % 90;
  for (let i = 0; i < length; i++) text += alphabet[(i * 13 + round + p) % alphabet.length];
  return text;
}

test('write: the UTF-8 of the pieces joined (Arabic, Latin-1, astral, lone surrogates, growth)', () => {
  for (let round = 0; round < 200; round++) {
    const writer = new HashWriter();
    const all: string[] = [];
    for (let p = 0; p < 1 + (round % 7); p++) {
      all.push(piece(round, p));
      writer.write(all[p]);
    }
    expect(writer.digest().equals(sha([all.join('')]))).toBe(true);
  }
});

test('writeAlone and writeEncoded keep their place among the kept pieces', () => {
  for (let round = 0; round < 200; round++) {
    const writer = new HashWriter();
    // Runs of write() are encoded together; writeAlone and writeEncoded end a run.
    const runs: string[] = [];
    let run = '';
    for (let p = 0; p < 1 + (round % 9); p++) {
      const text = piece(round, p);
      const how = (round + p) % 3;
      if (how === 0) {
        writer.write(text);
        run += text;
        continue;
      }
      if (how === 1) writer.writeAlone(text);
      else writer.writeEncoded(Buffer.from(text, 'utf8'));
      runs.push(run, text);
      run = '';
    }
    runs.push(run);
    expect(writer.digest().equals(sha(runs))).toBe(true);
  }
});

test('writeAlone encodes short text like Buffer.from at every UTF-8 length boundary', () => {
  const units = [0, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x643, 0xd7ff, 0xe000, 0xfffd, 0xffff];
  const texts = units.map((u) => String.fromCharCode(u));
  texts.push('كتاب', 'a😀b', '\ud800x', 'x\udc00', 'é'.repeat(64), 'ك'.repeat(65));
  for (const text of texts) {
    const writer = new HashWriter();
    writer.write('<a>');
    writer.writeAlone(text);
    writer.write('</a>');
    expect(writer.digest().equals(sha(['<a>', text, '</a>']))).toBe(true);
  }
});
