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

/**
 * When to try again: ZATCA's Retry-After when it gave one (429), else the backoff. A Retry-After
 * is never taken below the first backoff step, so "0" or a date already past cannot make a
 * rate-limited client resend at once, again and again.
 */
export function nextRetryInMs(
  attempt: number,
  retryAfterMs: number | undefined,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs === undefined) return retryDelayMs(attempt, baseMs, maxMs, random);
  return Math.max(retryAfterMs, retryDelayMs(1, baseMs, maxMs, random));
}
