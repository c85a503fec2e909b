import Decimal from 'decimal.js';
import { MappingError } from '../../src/connectors/connector-errors';

/**
 * Odoo sends monetary and quantity fields as JSON numbers (binary floats). They become decimal
 * strings here, once, at the edge: the float's shortest round-trip text (what Odoo itself
 * printed), rounded half-up to `places`, trailing zeros dropped. No arithmetic happens on the
 * float. Amounts use the currency's decimal places; quantities and unit prices up to 6.
 * Anything but a finite number is a MappingError naming the field: the record is refused and
 * explained, and the poll goes on with the next one.
 */
export function odooDecimal(value: unknown, places: number, field: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MappingError([
      { field, rule: `expected a number from Odoo, got ${JSON.stringify(value) ?? 'nothing'}` },
    ]);
  }
  const text = new Decimal(String(value)).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed();
  return text === '-0' ? '0' : text;
}

/** Amount text with exactly `places` decimals (e.g. "552.00"). */
export function odooAmount(value: unknown, places: number, field: string): string {
  return new Decimal(odooDecimal(value, places, field)).toFixed(places);
}
