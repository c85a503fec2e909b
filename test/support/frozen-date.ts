/**
 * Fakes only `Date` (at `now`), leaving timers, ticks and microtasks real, so that promises and
 * file reads of the code under test run as usual. Undo with `jest.useRealTimers()`.
 */
export function freezeDate(now: Date | number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
