import { hash } from 'node:crypto';

// The renderer writes each finished piece here as UTF-8, so the invoice hash never needs the
// whole document flattened into one string and transcoded (for 100 lines that cost more than
// the SHA-256). Pieces that are all ASCII/Latin-1 stay one-byte strings, which V8 writes fast;
// the few two-byte values (Arabic names) are written alone.
let scratch = Buffer.alloc(0);
const KEEP_BYTES = 4 << 20;

/**
 * UTF-8 bytes of the pieces written so far, and their SHA-256 at the end. Each piece is encoded
 * alone, so a surrogate pair split between two pieces would become two U+FFFD: the renderer's
 * pieces all begin and end with markup.
 */
export class HashWriter {
  private buffer = scratch;
  private at = 0;

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const need = this.at + 3 * text.length;
    if (need > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.buffer.length, 64 << 10));
      this.buffer.copy(grown, 0, 0, this.at);
      this.buffer = grown;
      if (grown.length <= KEEP_BYTES) scratch = grown;
    }
    this.at += this.buffer.write(text, this.at, 'utf8');
  }

  /** SHA-256 of everything written. */
  digest(): Buffer {
    return hash('sha256', this.buffer.subarray(0, this.at), 'buffer');
  }
}
