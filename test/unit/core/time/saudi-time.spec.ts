import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isCalendarDate, parseInstant, toSaudiDateTime } from '../../../../src/core/time';
import { SAUDI_TIME_CASES } from './saudi-time-cases';

describe('Saudi issue date and time', () => {
  it.each(SAUDI_TIME_CASES)('%s -> %s %s', (instant, date, time) => {
    expect(toSaudiDateTime(instant)).toEqual({ date, time });
  });

  it('agrees with the platform clock on the epoch', () => {
    expect(parseInstant('2024-03-10T21:30:00Z')).toBe(Date.UTC(2024, 2, 10, 21, 30, 0));
    expect(parseInstant('2024-03-11T00:30:00+03:00')).toBe(Date.UTC(2024, 2, 10, 21, 30, 0));
  });

  it.each([
    '2024-03-11T00:30:00',
    '2024-03-11 00:30:00Z',
    '2024-03-11T00:30Z',
    '2024-13-01T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-03-11T24:00:00Z',
    '2024-03-11T00:00:00+25:00',
  ])('refuses %s', (value) => {
    expect(() => parseInstant(value)).toThrow(value);
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-1')).toBe(false);
  });

  it.each(['America/New_York', 'Pacific/Kiritimati', 'Asia/Riyadh', 'UTC'])(
    'gives the same result in a process whose TZ is %s',
    (tz) => {
      const script = `
        require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(join(__dirname, '..', '..', '..', '..', 'tsconfig.json'))} });
        const { toSaudiDateTime } = require(${JSON.stringify(join(__dirname, '..', '..', '..', '..', 'src', 'core', 'time'))});
        const cases = ${JSON.stringify(SAUDI_TIME_CASES)};
        process.stdout.write(JSON.stringify({
          offset: new Date(2024, 0, 1).getTimezoneOffset(),
          results: cases.map(([i]) => toSaudiDateTime(i)),
        }));`;
      const out = JSON.parse(
        execFileSync(process.execPath, ['-e', script], {
          env: { ...process.env, TZ: tz },
        }).toString(),
      ) as { offset: number; results: unknown[] };
      expect(out.results).toEqual(SAUDI_TIME_CASES.map(([, date, time]) => ({ date, time })));
      if (tz === 'America/New_York') expect(out.offset).toBe(300);
    },
  );
});
