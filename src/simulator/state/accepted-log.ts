import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppendFile } from './append-file';
import { parseJsonLines } from './json-lines';
import { rotatedPath, rotateFile } from './rotate-file';
import type { AcceptedSubmission } from './state-types';

/** One line of accepted.jsonl. */
export interface AcceptedLine {
  entry: AcceptedSubmission;
  /** The duplicate window's start when it was accepted: older entries were forgotten then. */
  dropBefore: string;
}

/** Older copies kept: accepted.1.jsonl (newer) and accepted.2.jsonl. */
const KEPT = 2;

/**
 * The accepted submissions (cleared XML included), appended to `accepted.jsonl` and never
 * rewritten: once it holds half the duplicate memory, it is rotated (accepted.1.jsonl,
 * accepted.2.jsonl; the oldest copy is dropped). The current file and the two copies always
 * hold at least the `memory` newest entries, and at most twice that. Kept out of state.json,
 * whose compaction rewrote every remembered answer, ~100 MB, in one synchronous stall of about
 * 0.3-0.5 s every 2,500 invoices.
 */
export class AcceptedLog {
  private readonly file: AppendFile;

  private constructor(
    private readonly path: string,
    private readonly linesPerFile: number,
    /** Lines in the current file. */
    private lines: number,
  ) {
    this.file = new AppendFile(path);
  }

  /**
   * Opens the log of `stateDir` and reads every line it holds, oldest first (a line torn by a
   * crash is skipped). Each file is read once; the current one's lines are counted as it is.
   */
  static open(stateDir: string, memory: number): { log: AcceptedLog; lines: AcceptedLine[] } {
    const path = join(stateDir, 'accepted.jsonl');
    const files = [...Array.from({ length: KEPT }, (_, i) => rotatedPath(path, KEPT - i)), path];
    const lines: AcceptedLine[] = [];
    let current = 0;
    for (const file of files) {
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const line of parseJsonLines<AcceptedLine>(text)) lines.push(line);
      if (file === path) current = lineCount(text);
    }
    return { log: new AcceptedLog(path, Math.max(1, Math.ceil(memory / 2)), current), lines };
  }

  append(line: AcceptedLine): void {
    this.file.append(JSON.stringify(line) + '\n');
    if (++this.lines < this.linesPerFile) return;
    this.file.close();
    rotateFile(this.path, KEPT);
    this.file.reopen();
    this.lines = 0;
  }

  /** Replaces everything on disk with `lines` (start-up, after reading an older layout). */
  rewrite(lines: AcceptedLine[]): void {
    for (let n = 1; n <= KEPT; n++) rmSync(rotatedPath(this.path, n), { force: true });
    this.file.truncate();
    this.lines = 0;
    for (const line of lines) this.append(line);
  }

  close(): void {
    this.file.close();
  }
}

function lineCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
