// Short texts (a name, a number, a base64 value) are UTF-8 encoded here, in a plain loop: for
// them Buffer.write's fixed cost (~60-100 ns a call) is most of the time. Longer text is left
// to Buffer.write, which encodes long runs faster.

/** Longest text writeUtf8 encodes itself. */
const SHORT = 64;

/**
 * Writes `text` as UTF-8 into `out` at `at` and returns the offset after it, like
 * `at + out.write(text, at, 'utf8')`. `out` must have room for 3 bytes per UTF-16 unit.
 */
export function writeUtf8(out: Buffer, at: number, text: string): number {
  if (text.length <= SHORT) {
    const end = encodeShort(out, at, text);
    if (end >= 0) return end;
  }
  return at + out.write(text, at, 'utf8');
}

// 1, 2 or 3 bytes per UTF-16 unit; -1 for text with a surrogate, which Buffer.write pairs.
function encodeShort(out: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[at++] = c;
    } else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      return -1;
    } else {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}
