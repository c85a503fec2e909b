/**
 * Issue date/time rule (documented in docs/canonical-invoice.md):
 * the model carries the issue instant as ISO-8601 with an explicit offset ("Z" or "+03:00");
 * the document shows it in Saudi time (Asia/Riyadh, UTC+3 all year, no daylight saving) as
 * IssueDate "YYYY-MM-DD" and IssueTime "HH:mm:ss" without "Z" (BR-KSA-70 local form).
 * All arithmetic is on UTC epoch milliseconds, so the host time zone never matters.
 */

/** Saudi time is UTC+3 all year (no daylight saving). */
export const RIYADH_OFFSET_MINUTES = 180;
export const RIYADH_OFFSET_MS = RIYADH_OFFSET_MINUTES * 60 * 1000;

// 2024-03-10T21:30:00Z, 2024-03-11T00:30:00+03:00, 2024-03-11T00:30:00.123+0300
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface SaudiDateTime {
  /** cbc:IssueDate, e.g. 2024-03-11 */
  date: string;
  /** cbc:IssueTime, e.g. 00:30:00 */
  time: string;
}

/** Epoch milliseconds of an instant string, or why it is not an ISO-8601 instant with offset. */
function readInstant(value: string): number | string {
  const m = INSTANT.exec(value);
  if (!m) {
    return 'must be an ISO-8601 instant with seconds and an offset, e.g. 2024-03-11T00:30:00+03:00 or 2024-03-10T21:30:00Z';
  }
  const [, y, mo, d, h, mi, s, , offset] = m;
  if (!isRealDate(+y, +mo, +d)) return `${y}-${mo}-${d} is not a calendar date`;
  if (+h > 23 || +mi > 59 || +s > 59) return `${h}:${mi}:${s} is not a time of day`;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const digits = offset.replace(':', '');
    const hours = +digits.slice(1, 3);
    const minutes = +digits.slice(3, 5);
    if (hours > 23 || minutes > 59) return `${offset} is not a UTC offset`;
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // Fractions of a second are dropped: IssueTime has whole seconds.
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000;
}

/** Why `value` is not an ISO-8601 instant with offset, or undefined when it is one. */
export function instantProblem(value: string): string | undefined {
  const result = readInstant(value);
  return typeof result === 'string' ? result : undefined;
}

/** Milliseconds since the epoch of an instant string (fractions of a second are dropped). */
export function parseInstant(value: string): number {
  const result = readInstant(value);
  if (typeof result === 'string') throw new Error(`"${value}" ${result}`);
  return result;
}

/** The instant as Saudi wall-clock date and time (UTC+3). */
export function toSaudiDateTime(instant: string): SaudiDateTime {
  const riyadh = new Date(parseInstant(instant) + RIYADH_OFFSET_MS);
  // "YYYY-MM-DDTHH:mm:ss.sssZ" for the years 0000-9999: cut rather than formatted field by field
  // (this runs for every rendered invoice).
  const iso = riyadh.toISOString();
  if (iso.length === 24) return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
  const date = `${pad(riyadh.getUTCFullYear(), 4)}-${pad(riyadh.getUTCMonth() + 1)}-${pad(riyadh.getUTCDate())}`;
  const time = `${pad(riyadh.getUTCHours())}:${pad(riyadh.getUTCMinutes())}:${pad(riyadh.getUTCSeconds())}`;
  return { date, time };
}

/** True for "YYYY-MM-DD" strings naming a real day (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(value: string): boolean {
  const m = CALENDAR_DATE.exec(value);
  return m !== null && isRealDate(+m[1], +m[2], +m[3]);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
