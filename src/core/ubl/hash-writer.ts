import { hash } from 'node:crypto';
import { writeUtf8 } from '../encoding/utf8';

// The renderer writes each finished piece here, so the invoice hash never needs the whole
// document flattened into one string and transcoded (for 100 lines that cost more than the
// SHA-256). Writing a string costs mostly per call and per string it is made of: pieces are
// kept and written together, except the few that may hold two-byte text (Arabic names), which
// are written alone so that the text around them stays one-byte, which V8 encodes fast.
let scratch = Buffer.alloc(0);
const KEEP_BYTES = 4 << 20;
// Pieces kept before writing them: short enough never to make a large flat string.
const PENDING_LENGTH = 16_384;

/**
 * UTF-8 bytes of the pieces written so far, and their SHA-256 at the end. Runs of pieces are
 * encoded together, so a surrogate pair split between two runs would become two U+FFFD: the
 * renderer's pieces all begin and end with markup.
 */
export class HashWriter {
  private buffer = scratch;
  private at = 0;
  private pending = '';

  /** Text that is mostly markup, numbers and codes: kept and encoded with the text around it. */
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= PENDING_LENGTH) this.flush();
  }

  /** Text that may be two-byte (a name): encoded on its own, after what is kept. */
  writeAlone(text: string): void {
    this.flush();
    this.encode(text);
  }

  /** Text already encoded (kept from an earlier invoice): its bytes, after what is kept. */
  writeEncoded(utf8: Uint8Array): void {
    this.flush();
    this.reserve(utf8.length);
    this.buffer.set(utf8, this.at);
    this.at += utf8.length;
  }

  /** SHA-256 of everything written. */
  digest(): Buffer {
    this.flush();
    return hash('sha256', this.buffer.subarray(0, this.at), 'buffer');
  }

  private flush(): void {
    if (this.pending === '') return;
    this.encode(this.pending);
    this.pending = '';
  }

  private encode(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.reserve(3 * text.length);
    this.at = writeUtf8(this.buffer, this.at, text);
  }

  private reserve(bytes: number): void {
    const need = this.at + bytes;
    if (need > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.buffer.length, 64 << 10));
      this.buffer.copy(grown, 0, 0, this.at);
      this.buffer = grown;
      if (grown.length <= KEEP_BYTES) scratch = grown;
    }
  }
}
