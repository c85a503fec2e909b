/**
 * The values of a file written one JSON line at a time, in order. Empty lines and a line torn
 * by a crash in the middle of its write are skipped.
 */
export function parseJsonLines<T>(text: string): T[] {
  const values: T[] = [];
  for (const line of text.split('\n')) {
    const value = parseJsonLine<T>(line);
    if (value !== undefined) values.push(value);
  }
  return values;
}

/** One line's value; undefined for an empty line or one torn by a crash in its write. */
export function parseJsonLine<T>(line: string): T | undefined {
  if (line.length === 0) return undefined;
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined; // torn by a crash in the middle of its write
  }
}
