import Decimal from 'decimal.js';
import type { MappingProblem } from '../../src/connectors/connector-errors';
import { odooDecimal } from './odoo-decimal';
import type { OdooDocumentData } from './odoo-reader';
import { m2oName, text } from './odoo-values';

/** KSA-39 takes at most 14 digits (BR-KSA-90); this many decimals at most. */
const RATE_PLACES = 10;

/**
 * SAR per one unit of the invoice currency (KSA-39), from Odoo's rate.
 *
 * Odoo's rates run the other way: `res.currency.rate` (read with context `date`, as 17.0
 * `_compute_current_rate` does) and 18's stored `account.move.invoice_currency_rate` are units
 * of the invoice currency per one unit of the company currency (USD in a SAR company: 0.266667;
 * the "SAR per Unit" column is `inverse_rate`). So SAR per unit = 1 / rate, computed here in
 * decimals from the float's text. Only SAR companies: the rate is relative to the company's
 * currency. Odoo's own SAR VAT (`amount_tax_signed`) is compared with ours when read, so a
 * rate that is not the one Odoo booked the invoice with is refused rather than submitted.
 */
export function exchangeRateOf(
  doc: OdooDocumentData,
  currency: string,
  problems: MappingProblem[],
): string | undefined {
  const company = m2oName(doc.company?.currency_id);
  if (company && company !== 'SAR') {
    problems.push({
      field: 'company_id.currency_id',
      rule:
        `the company's currency is ${company}: Odoo's rates are relative to it, and ZATCA ` +
        'needs the VAT in SAR; only companies keeping their books in SAR are supported',
    });
    return undefined;
  }
  const { move } = doc;
  const date = text(move.invoice_date) ?? 'the invoice date';
  const stored = positive(move.invoice_currency_rate);
  const current = positive(doc.currency?.rate);
  const source = stored ? 'invoice_currency_rate' : 'currency_id.rate';
  const rate = stored ?? current;
  if (!rate) {
    problems.push({
      field: 'currency_id.rate',
      rule: `a ${currency} invoice needs the ${currency} rate of ${date} in Odoo (Accounting → Configuration → Currencies)`,
    });
    return undefined;
  }
  const inverse = new Decimal(1).div(odooDecimal(rate, 17, source));
  const places = Math.max(0, Math.min(RATE_PLACES, 14 - inverse.trunc().toFixed().length));
  const sarPerUnit = inverse.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  if (sarPerUnit.isZero()) {
    problems.push({ field: source, rule: `rate ${rate} gives 0 SAR per ${currency}` });
    return undefined;
  }

  if (typeof move.amount_tax_signed === 'number' && typeof move.amount_tax === 'number') {
    const tax = new Decimal(odooDecimal(move.amount_tax, 6, 'amount_tax')).abs();
    const ours = tax.mul(sarPerUnit).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const odoo = new Decimal(odooDecimal(move.amount_tax_signed, 2, 'amount_tax_signed')).abs();
    // Odoo rounds each tax line to SAR on its own: a cent per tax line may differ.
    const taxLines = new Set(
      doc.lines.flatMap((l) => (Array.isArray(l.tax_ids) ? (l.tax_ids as number[]) : [])),
    );
    const tolerance = new Decimal('0.01').mul(Math.max(1, taxLines.size));
    if (ours.minus(odoo).abs().gt(tolerance)) {
      problems.push({
        field: source,
        rule:
          `Odoo booked the VAT ${tax.toFixed(2)} ${currency} as ${odoo.toFixed(2)} SAR ` +
          `(amount_tax_signed), but ${sarPerUnit.toFixed()} SAR per ${currency} (1 / ${rate}, ` +
          `the rate of ${date}) gives ${ours.toFixed(2)} SAR: check the ${currency} rates in ` +
          'Odoo around that date',
      });
    }
  }
  return sarPerUnit.toFixed();
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
