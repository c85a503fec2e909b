import { existsSync, renameSync } from 'node:fs';
import { extname } from 'node:path';

/** The n-th older copy of a file: `exchanges.jsonl` → `exchanges.<n>.jsonl`. */
export function rotatedPath(path: string, n: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}.${n}${ext}`;
}

/**
 * Renames `path` to its copy 1, after shifting copy 1 to 2 and so on; copy `keep` is the
 * oldest kept, overwritten by the one before it. `path` itself is gone afterwards.
 */
export function rotateFile(path: string, keep: number): void {
  for (let n = keep - 1; n >= 1; n--) {
    const older = rotatedPath(path, n);
    if (existsSync(older)) renameSync(older, rotatedPath(path, n + 1));
  }
  renameSync(path, rotatedPath(path, 1));
}
