import { nextRetryInMs, retryDelayMs } from '../../../src/queue/backoff';

describe('retry delays', () => {
  const top = () => 1; // the jitter's upper end
  const bottom = () => 0;

  it('doubles per attempt up to the cap, jittered within the upper half', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000, 5000, top))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, 1000, 5000, bottom))).toEqual([500, 1000, 2000]);
  });

  it('waits a Retry-After that is longer than the backoff, whatever the attempt', () => {
    expect(nextRetryInMs(1, 30_000, 1000, 5000, top)).toBe(30_000);
    expect(nextRetryInMs(9, 7_000, 1000, 5000, top)).toBe(7_000);
  });

  it('never resends at once on Retry-After 0 or a past date: the first backoff step at least', () => {
    expect(nextRetryInMs(1, 0, 2000, 300_000, bottom)).toBe(1000);
    expect(nextRetryInMs(6, 0, 2000, 300_000, top)).toBe(2000);
    expect(nextRetryInMs(3, 400, 2000, 300_000, top)).toBe(2000);
  });

  it('uses the backoff for the attempt when ZATCA gave no Retry-After', () => {
    expect(nextRetryInMs(3, undefined, 1000, 5000, top)).toBe(4000);
  });
});
