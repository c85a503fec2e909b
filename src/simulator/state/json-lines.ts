/**
 * The values of a file written one JSON line at a time, in order. Empty lines and a line torn
 * by a crash in the middle of its write are skipped.
 */
export function parseJsonLines<T>(text: string): T[] {
  const values: T[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      // torn by a crash in the middle of its write
    }
  }
  return values;
}
