/**
 * Exact fixed-point arithmetic on BigInt, for the totals fast path only. A value is a BigInt
 * count of 10^-scale units; money is a count of cents (scale 2). No binary float is involved.
 *
 * It exists because decimal.js costs a few hundred ns per operation, which is most of the time of
 * an invoice of many lines. The decimal.js code in src/core/totals stays the reference: the fast
 * path only takes inputs short enough that decimal.js (precision 50) computes every intermediate
 * exactly too, so both give the same values; test/unit/core/money/exact.spec.ts compares them.
 */

/** Longest decimal string the fast path takes (digits, dot and sign). */
export const MAX_EXACT_LENGTH = 15;

const POW10: bigint[] = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k));
const HALF: bigint[] = POW10.map((p) => p / 2n);

export function pow10(k: number): bigint {
  return POW10[k] ?? 10n ** BigInt(k);
}

/** A decimal string as units and scale, e.g. "12.50" -> 1250n, 2. */
export interface Scaled {
  units: bigint;
  scale: number;
}

/**
 * Parses a decimal string of the model's patterns (optional "-", digits, optional fraction), or
 * returns undefined when it is longer than MAX_EXACT_LENGTH (the caller then uses decimal.js).
 */
export function parseScaled(text: string): Scaled | undefined {
  if (text.length > MAX_EXACT_LENGTH) return undefined;
  const dot = text.indexOf('.');
  if (dot === -1) return { units: BigInt(text), scale: 0 };
  return {
    units: BigInt(text.slice(0, dot) + text.slice(dot + 1)),
    scale: text.length - dot - 1,
  };
}

/** `units` (at `from` decimals) at `to` >= `from` decimals. */
export function rescale(units: bigint, from: number, to: number): bigint {
  return to === from ? units : units * pow10(to - from);
}

/**
 * Rounds a value of `scale` decimals to cents, half-up in decimal.js's sense: ties go away from
 * zero (1.005 -> 1.01, -1.005 -> -1.01).
 */
export function roundToCents(units: bigint, scale: number): bigint {
  if (scale <= 2) return rescale(units, scale, 2);
  const divisor = pow10(scale - 2);
  const half = HALF[scale - 2] ?? divisor / 2n;
  return units < 0n ? -((-units + half) / divisor) : (units + half) / divisor;
}

/** `amount` x `percent` / 100, rounded to cents half-up (percent of scale `percentScale`). */
export function percentOfCents(cents: bigint, percent: bigint, percentScale: number): bigint {
  // cents x percent has 2 + percentScale decimals; dividing by 100 adds two more.
  return roundToCents(cents * percent, 4 + percentScale);
}

/** Text of a value of `scale` decimals, as decimal.js toFixed(scale) writes it. */
export function scaledText(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    const point = digits.length - scale;
    digits = `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Amount text as written in the XML (formatMoney's output for the same value). */
export function centsText(cents: bigint): string {
  return scaledText(cents, 2);
}
