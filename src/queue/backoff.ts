/**
 * Exponential backoff with jitter: base * 2^(attempt-1), capped, then a random point in its upper
 * half, so workers retrying after one outage do not all come back in the same millisecond.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
