import { createHash } from 'node:crypto';
import { invoiceHash, signInvoice, loadSigningCredentials } from '../../../../src/core/signing';
import { utf8Bytes } from '../../../../src/core/signing/invoice-hash';
import { renderFixture, fixtureNames } from '../ubl/fixture-support';
import { sdkCertificateText, sdkPrivateKeyText } from './sdk-samples';

// The fast hashing path: UTF-16 written to a buffer and transcoded by ICU, and documents hashed
// and spliced in parts. Both must give exactly the bytes of hashing the joined text as UTF-8.

const SAMPLES = ['a', 'é', 'ف', 'كتاب', '😀', '\uFFFD', '<', '\n', ' ', '0', '\u00A0', '\u4E2D'];

function randomText(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SAMPLES[next() % SAMPLES.length];
  return s;
}

describe('utf8Bytes', () => {
  it('equals Buffer.from(text, "utf8") on random text (ASCII, Latin-1, Arabic, CJK, astral)', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;
    for (let i = 0; i < 500; i++) {
      const pieces = Array.from({ length: 1 + (next() % 5) }, () => randomText(next, next() % 300));
      expect(utf8Bytes(pieces)!.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    }
  });

  it('handles empty input and texts larger than the kept scratch buffer', () => {
    expect(utf8Bytes([])!.length).toBe(0);
    const big = 'كتاب <cbc:ID>1</cbc:ID>\n'.repeat(120_000); // ~5.5 MB as UTF-16
    expect(utf8Bytes([big, 'x'])!.equals(Buffer.from(`${big}x`, 'utf8'))).toBe(true);
  });

  it('declines ill-formed UTF-16 (lone surrogates), which the hash then encodes as V8 does', () => {
    expect(utf8Bytes(['a\uD800b'])).toBeUndefined();
    const xml = '<Invoice><cbc:Note>a\uD800b</cbc:Note></Invoice>';
    const hash = invoiceHash({
      xml,
      insertAt: { extensions: 9, qr: 9, signature: 9 },
      canonical: true,
      parts: [xml.slice(0, 20), xml.slice(20)],
    });
    expect(hash).toBe(createHash('sha256').update(xml, 'utf8').digest('base64'));
  });
});

describe('hashing and signing in parts', () => {
  const credentials = loadSigningCredentials({
    privateKey: sdkPrivateKeyText(),
    certificate: sdkCertificateText(),
  });

  it.each(fixtureNames())('%s: same hash and signed text with or without parts', (name) => {
    const { unsigned } = renderFixture(name);
    expect(unsigned.parts!.join('')).toBe(unsigned.xml);
    const whole = { ...unsigned, parts: undefined, uuid: undefined };
    expect(invoiceHash(unsigned)).toBe(invoiceHash(whole));
    expect(invoiceHash(unsigned)).toBe(invoiceHash({ ...whole, canonical: false }));
    // Parts cut anywhere: inside the declaration (the hash then joins them), at the offsets.
    const cuts = [0, 3, 10, unsigned.insertAt.extensions, unsigned.insertAt.qr, 39, 40, 1000];
    const pieces: string[] = [];
    let from = 0;
    for (const cut of [...cuts, unsigned.xml.length - 1].sort((a, b) => a - b)) {
      pieces.push(unsigned.xml.slice(from, cut));
      from = cut;
    }
    pieces.push(unsigned.xml.slice(from));
    const cut = { ...unsigned, parts: pieces };
    expect(invoiceHash(cut)).toBe(invoiceHash(whole));
    const options = { signingTime: '2024-03-11T00:30:00' };
    const a = signInvoice(unsigned, credentials, options);
    const b = signInvoice(whole, credentials, options);
    const c = signInvoice(cut, credentials, options);
    // ECDSA signatures differ per call; everything else must not.
    const normal = (s: typeof a) => s.xml.split(s.signatureValue).join('').split(s.qr).join('');
    expect(normal(a)).toBe(normal(b));
    expect(normal(c)).toBe(normal(b));
    expect(a.uuid).toBe(b.uuid);
  });

  it('ignores parts whose lengths do not add up to the text', () => {
    const { unsigned } = renderFixture('simplified-invoice');
    const wrong = { ...unsigned, parts: [unsigned.xml.slice(1)] };
    expect(invoiceHash(wrong)).toBe(invoiceHash({ ...unsigned, parts: undefined }));
  });
});
