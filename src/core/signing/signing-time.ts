// SigningTime is free text to ZATCA as long as the embedded and the hashed SignedProperties agree
// (spec 3.4). All 19 SDK 3.4.8 samples write UTC without a zone designator
// (`2025-07-22T15:51:28`), so that is our default; a caller-given string is used verbatim.

const LEXICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** `YYYY-MM-DDTHH:mm:ss` in UTC, the SDK 3.4.8 form. */
export function formatSigningTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('signing time: invalid date');
  return date.toISOString().slice(0, 19);
}

/** Validates a caller's SigningTime (xs:dateTime lexical form) or formats a Date. */
export function resolveSigningTime(value: string | Date | undefined, now = new Date()): string {
  if (value === undefined) return formatSigningTime(now);
  if (value instanceof Date) return formatSigningTime(value);
  if (!LEXICAL.test(value)) {
    throw new Error(`signing time "${value}" is not YYYY-MM-DDTHH:mm:ss (optionally with Z)`);
  }
  return value;
}
