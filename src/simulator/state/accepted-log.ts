import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { answerJson } from '../answers/answer-json';
import { AppendFile } from './append-file';
import { parseJsonLine } from './json-lines';
import { rotatedPath, rotateFile } from './rotate-file';
import type { AcceptedSubmission } from './state-types';

/** One line of accepted.jsonl. */
export interface AcceptedLine {
  entry: AcceptedSubmission;
  /** The duplicate window's start when it was accepted: older entries were forgotten then. */
  dropBefore: string;
}

/** Where a line is: the file, by how many rotations it had seen, and its bytes in it. */
export interface AcceptedLocator {
  generation: number;
  offset: number;
  /** Without the line's newline. */
  length: number;
}

/** Older copies kept: accepted.1.jsonl (newer) and accepted.2.jsonl. */
const KEPT = 2;
const NEWLINE = 0x0a;

/**
 * The accepted submissions (cleared XML included), appended to `accepted.jsonl` and never
 * rewritten: once it holds half the duplicate memory, it is rotated (accepted.1.jsonl,
 * accepted.2.jsonl; the oldest copy is dropped). The current file and the two copies always
 * hold at least the `memory` newest entries, and at most twice that. Kept out of state.json,
 * whose compaction rewrote every remembered answer, ~100 MB, in one synchronous stall of about
 * 0.3-0.5 s every 2,500 invoices.
 *
 * Each append answers where its line is, and `read` reads it back: the simulator keeps that,
 * not the answer, in memory (up to 5,000 answers of ~20-60 KB each, which V8 otherwise copied,
 * promoted and marked again and again: ~0.07 ms of CPU per clearance), and reads an answer only
 * for a duplicate.
 */
export class AcceptedLog {
  private readonly file: AppendFile;
  /** The current file's generation: copy n holds generation - n. */
  private generation = KEPT;

  private constructor(
    private readonly path: string,
    private readonly linesPerFile: number,
    /** Lines in the current file. */
    private lines: number,
  ) {
    this.file = new AppendFile(path);
  }

  /**
   * Opens the log of `stateDir` and reads every line it holds, oldest first, with where it is
   * (a line torn by a crash is skipped). Each file is read once.
   */
  static open(
    stateDir: string,
    memory: number,
  ): { log: AcceptedLog; lines: Array<{ line: AcceptedLine; where: AcceptedLocator }> } {
    const path = join(stateDir, 'accepted.jsonl');
    const lines: Array<{ line: AcceptedLine; where: AcceptedLocator }> = [];
    let current = 0;
    for (let back = KEPT; back >= 0; back--) {
      const file = back === 0 ? path : rotatedPath(path, back);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      let count = 0;
      for (let start = 0; start < bytes.length;) {
        const newline = bytes.indexOf(NEWLINE, start);
        const end = newline < 0 ? bytes.length : newline;
        if (newline >= 0) count++;
        const line = parseJsonLine<AcceptedLine>(bytes.toString('utf8', start, end));
        if (line)
          lines.push({
            line,
            where: { generation: KEPT - back, offset: start, length: end - start },
          });
        start = end + 1;
      }
      if (back === 0) current = count;
    }
    return { log: new AcceptedLog(path, Math.max(1, Math.ceil(memory / 2)), current), lines };
  }

  append(line: AcceptedLine): AcceptedLocator {
    const data = Buffer.from(acceptedLineJson(line) + '\n', 'utf8');
    const where = { generation: this.generation, offset: this.file.size, length: data.length - 1 };
    this.file.append(data);
    if (++this.lines >= this.linesPerFile) {
      this.file.close();
      rotateFile(this.path, KEPT);
      this.file.reopen();
      this.lines = 0;
      this.generation++;
    }
    return where;
  }

  /** The line at `where`; undefined once its file was dropped, or if it cannot be read. */
  read(where: AcceptedLocator): AcceptedLine | undefined {
    const back = this.generation - where.generation;
    if (back < 0 || back > KEPT) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(back === 0 ? this.path : rotatedPath(this.path, back), 'r');
      const bytes = Buffer.alloc(where.length);
      if (readSync(fd, bytes, 0, where.length, where.offset) !== where.length) return undefined;
      return parseJsonLine<AcceptedLine>(bytes.toString('utf8'));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * Replaces everything on disk with `lines` (start-up, after reading an older layout), and
   * answers where each one now is.
   */
  rewrite(lines: AcceptedLine[]): AcceptedLocator[] {
    for (let n = 1; n <= KEPT; n++) rmSync(rotatedPath(this.path, n), { force: true });
    this.file.truncate();
    this.lines = 0;
    // Locators handed out before point into the files just removed or emptied.
    this.generation += KEPT + 1;
    return lines.map((line) => this.append(line));
  }

  close(): void {
    this.file.close();
  }
}

/**
 * JSON.stringify(line), with the answer body's JSON made once (answerJson): the HTTP layer
 * sends the same text.
 */
export function acceptedLineJson(line: AcceptedLine): string {
  const { key, status, body, at } = line.entry;
  const json = JSON.stringify;
  const bodyText = answerJson(body);
  return (
    `{"entry":{"key":${json(key)},"status":${json(status)},` +
    (bodyText === undefined ? '' : `"body":${bodyText},`) +
    `"at":${json(at)}},"dropBefore":${json(line.dropBefore)}}`
  );
}
