import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The document an `archived_path` points to: `<tar segment>#<name>` read back with GNU tar (as
 * an auditor would), or a plain file (ARCHIVE_FORMAT=files).
 */
export function readArchived(archivedPath: string): string {
  const hash = archivedPath.lastIndexOf('#');
  if (hash < 0) return readFileSync(archivedPath, 'utf8');
  const [segment, name] = [archivedPath.slice(0, hash), archivedPath.slice(hash + 1)];
  return execFileSync('tar', ['-xOf', segment, name], { encoding: 'utf8' });
}
