const BLOCK = 512;
const NAME_BYTES = 100;

/**
 * The header block(s) of one regular file in a POSIX ustar archive, with a pax extended header
 * before it when the name is longer than ustar's 100 bytes. Written here rather than with
 * node-tar's Header class, which took ~20 µs per entry, as long as the write itself: the
 * format is one fixed 512-byte block (POSIX.1-2001 `ustar` and `pax`).
 */
export function ustarHeader(name: string, size: number, mtime: Date, mode = 0o640): Buffer {
  const nameBytes = Buffer.byteLength(name, 'utf8');
  if (nameBytes <= NAME_BYTES) return block(name, size, mtime, mode, '0');
  // A pax record "<length> path=<name>\n", where <length> counts the whole record, itself too.
  const body = ` path=${name}\n`;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  let length = bodyBytes + 1;
  while (String(length).length + bodyBytes !== length) length = String(length).length + bodyBytes;
  const record = `${length}${body}`;
  const paxBlocks = Math.ceil(length / BLOCK) * BLOCK;
  const out = Buffer.alloc(BLOCK + paxBlocks + BLOCK);
  block(asciiPrefix(`PaxHeader/${name}`), length, mtime, mode, 'x').copy(out, 0);
  out.write(record, BLOCK, 'utf8');
  // The ustar name of the entry itself: what a reader without pax support would use.
  block(asciiPrefix(name), size, mtime, mode, '0').copy(out, BLOCK + paxBlocks);
  return out;
}

function block(name: string, size: number, mtime: Date, mode: number, type: '0' | 'x'): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, NAME_BYTES, 'utf8');
  octal(header, 100, 8, mode);
  octal(header, 108, 8, 0); // uid
  octal(header, 116, 8, 0); // gid
  octal(header, 124, 12, size);
  octal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\u000000', 257, 8, 'ascii'); // magic "ustar\0", version "00"
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += header[i];
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return header;
}

/** `width - 1` octal digits and a NUL, as ustar's numeric fields are written. */
function octal(header: Buffer, at: number, width: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`tar header: ${value} does not fit`);
  header.write(digits.padStart(width - 1, '0') + '\u0000', at, width, 'ascii');
}

/** The first 100 bytes' worth of `name` (whole characters). */
function asciiPrefix(name: string): string {
  let out = name.slice(0, NAME_BYTES);
  while (Buffer.byteLength(out, 'utf8') > NAME_BYTES) out = out.slice(0, -1);
  return out;
}
