import {
  appendFileSync,
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

/**
 * A file the simulator appends lines to, through one descriptor kept open (O_APPEND) instead
 * of an open, write and close per line. Writes stay synchronous: a line is handed to the OS
 * before the caller answers the request it records.
 */
export class AppendFile {
  private fd: number | undefined;
  private bytes = 0;

  constructor(readonly path: string) {
    this.open();
  }

  /** Bytes in the file: its size when opened plus what this object wrote since. */
  get size(): number {
    return this.bytes;
  }

  append(text: string | Buffer): void {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (this.fd === undefined) {
      // Closed (the app is shutting down, a last request still finishing): the line still lands.
      appendFileSync(this.path, data, { mode: 0o600 });
      return;
    }
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written);
    this.bytes += data.length;
  }

  /** Empties the file; with O_APPEND the next line goes to offset 0, leaving no hole. */
  truncate(): void {
    if (this.fd === undefined) writeFileSync(this.path, '', { mode: 0o600 });
    else ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  /** Closes the descriptor and opens `path` again: a new file after the old one was renamed. */
  reopen(): void {
    this.close();
    this.open();
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.fd = openSync(this.path, 'a', 0o600);
    this.bytes = fstatSync(this.fd).size;
  }
}
