import Decimal from 'decimal.js';

/**
 * The one Decimal flavour used for every amount: enough precision that products of
 * quantity x price never lose digits, and ZATCA's rounding mode (half-up, XML-STD section 10).
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export const ZERO: Dec = new Dec(0);
export const HUNDRED: Dec = new Dec(100);

/** Amounts are rounded to 2 decimals, half-up (1.005 -> 1.01, 1.004 -> 1.00). */
export function roundMoney(value: Dec): Dec {
  return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

/** Amount text as written in the XML: always 2 decimals, no exponent, "-" only when negative. */
export function formatMoney(value: Dec): string {
  // Fast path for values the totals engine already rounded: pad toString() instead of the
  // (much slower) rounding toFixed. toString() has no exponent below 1e21.
  if (value.decimalPlaces() <= 2 && value.e < 20) {
    if (value.isZero()) return '0.00';
    const text = value.toString();
    const dot = text.indexOf('.');
    if (dot === -1) return `${text}.00`;
    return text.length - dot === 2 ? `${text}0` : text;
  }
  const text = roundMoney(value).toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

export function sum(values: readonly Dec[]): Dec {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

/** `rate` percent of `base`, not rounded (callers round the final result only). */
export function percentOf(base: Dec, rate: Dec): Dec {
  return base.times(rate).dividedBy(HUNDRED);
}
