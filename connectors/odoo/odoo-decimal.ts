import Decimal from 'decimal.js';

/**
 * Odoo sends monetary and quantity fields as JSON numbers (binary floats). They become decimal
 * strings here, once, at the edge: the float's shortest round-trip text (what Odoo itself
 * printed), rounded half-up to `places`, trailing zeros dropped. No arithmetic happens on the
 * float. Amounts use the currency's decimal places; quantities and unit prices up to 6.
 */
export function odooDecimal(value: unknown, places: number, field: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${field}: expected a number from Odoo, got ${JSON.stringify(value)}`);
  }
  const text = new Decimal(String(value)).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed();
  return text === '-0' ? '0' : text;
}

/** Amount text with exactly `places` decimals (e.g. "552.00"). */
export function odooAmount(value: unknown, places: number, field: string): string {
  return new Decimal(odooDecimal(value, places, field)).toFixed(places);
}
