import { inspect } from 'node:util';

/**
 * Key material that must never reach a log or an API answer by accident: JSON.stringify,
 * console.log and string interpolation all print `[redacted]`. Read the bytes with `reveal()`.
 */
export class SecretBytes {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = Buffer.from(bytes);
  }

  reveal(): Buffer {
    return this.#bytes;
  }

  get length(): number {
    return this.#bytes.length;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretBytes([redacted])';
  }
}
