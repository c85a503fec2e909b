import { closeSync, ftruncateSync, fstatSync, openSync, writeSync } from 'node:fs';
import { ustarHeader } from './ustar-header';

const BLOCK = 512;

/**
 * One tar file (POSIX ustar, with a pax header for a name over 100 bytes) that documents are
 * appended to through a descriptor kept open. Appending costs one write; a file per document
 * costs the file system an inode, a directory entry and three calls (open, write, close),
 * about 5-10 times the CPU here.
 *
 * Written by one InvoiceArchive only, so a failed append can be cut out again. No end-of-archive
 * blocks: the file stays appendable, and GNU tar, bsdtar and Python's tarfile read it as it is.
 */
export class TarSegment {
  private fd: number | undefined;
  private size: number;
  private checkedAt = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o640);
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Appends one entry (text as UTF-8, or bytes as they are); on a failure, cuts the file back
   * to where it was and throws.
   */
  append(name: string, content: string | Uint8Array, mtime: Date): void {
    if (this.fd === undefined) throw new Error(`archive segment ${this.path} is closed`);
    const text = typeof content === 'string';
    const bytes = text ? Buffer.byteLength(content, 'utf8') : content.length;
    const header = ustarHeader(name, bytes, mtime);
    const entry = Buffer.allocUnsafe(header.length + Math.ceil(bytes / BLOCK) * BLOCK);
    let at = header.copy(entry, 0);
    if (text) at += entry.write(content, at, 'utf8');
    else {
      entry.set(content, at);
      at += bytes;
    }
    entry.fill(0, at); // the padding to a whole block
    try {
      let written = 0;
      while (written < entry.length) written += writeSync(this.fd, entry, written);
      this.size += entry.length;
    } catch (err) {
      // A half-written entry would end every reader's listing there: take it out again.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // Cannot cut it out: nothing more goes into this file (readers stop at the torn
        // entry); the owner starts a new one.
        this.close();
      }
      throw err;
    }
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  /**
   * The file was deleted (a clean-up job): appends would land nowhere. Looked up at most once a
   * second (an fstat per append cost half as much as the append); the database keeps every
   * document, so a copy written in that second is not lost.
   */
  get deleted(): boolean {
    const now = Date.now();
    if (this.fd === undefined || now - this.checkedAt < 1000) return false;
    this.checkedAt = now;
    return fstatSync(this.fd).nlink === 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
