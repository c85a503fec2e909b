/** One TLV triplet of the ZATCA QR payload. */
export interface TlvEntry {
  tag: number;
  value: Uint8Array;
}

const MAX_BYTE = 255;

/** Longest value a TLV entry holds: its length is one byte. */
export const MAX_TLV_VALUE = MAX_BYTE;

export function tooLong(tag: number, length: number): Error {
  return new Error(`QR tag ${tag}: value is ${length} bytes, at most 255 fit in a TLV`);
}

/** Tag (1 byte), length (1 byte, the value's byte count), value; concatenated (spec 4.1). */
export function encodeTlv(entries: readonly TlvEntry[]): Buffer {
  let size = 0;
  for (const { tag, value } of entries) {
    if (!Number.isInteger(tag) || tag < 1 || tag > MAX_BYTE) {
      throw new Error(`QR tag ${tag}: tags must be integers 1-255`);
    }
    if (value.length > MAX_BYTE) throw tooLong(tag, value.length);
    size += 2 + value.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const { tag, value } of entries) {
    out[at++] = tag;
    out[at++] = value.length;
    out.set(value, at);
    at += value.length;
  }
  return out;
}

/** Splits a TLV byte string; throws when a length runs past the end. */
export function decodeTlv(bytes: Uint8Array): TlvEntry[] {
  const entries: TlvEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new Error(`QR TLV: truncated header at byte ${at}`);
    const tag = bytes[at];
    const length = bytes[at + 1];
    if (tag === 0) throw new Error(`QR TLV: tag 0 at byte ${at} is not a valid tag`);
    const end = at + 2 + length;
    if (end > bytes.length) {
      throw new Error(`QR tag ${tag}: length ${length} runs past the end of the data`);
    }
    entries.push({ tag, value: bytes.subarray(at + 2, end) });
    at = end;
  }
  return entries;
}
