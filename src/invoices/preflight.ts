import { InvoiceModelError, parseCanonicalInvoice, type CanonicalInvoice } from '../core/model';
import {
  checkExpectedTotals,
  computeInvoiceTotals,
  TotalsError,
  TotalsMismatchError,
  type InvoiceTotals,
} from '../core/totals';
import { InvalidInvoiceError } from './intake-errors';

/**
 * The pre-flight before anything is consumed: the canonical model (with its business rules),
 * totals and rounding, and the ERP's own totals. Errors name fields under `invoice.`.
 * (The official schematron is too slow for every invoice; the TS rule engine will add here.)
 */
export function preflight(input: unknown): { invoice: CanonicalInvoice; totals: InvoiceTotals } {
  try {
    const invoice = parseCanonicalInvoice(input);
    const totals = computeInvoiceTotals(invoice);
    checkExpectedTotals(invoice, totals);
    return { invoice, totals };
  } catch (err) {
    if (err instanceof InvoiceModelError) {
      throw new InvalidInvoiceError(
        err.issues.map((i) => ({ field: fieldOf(i.path), rule: i.message })),
      );
    }
    if (err instanceof TotalsMismatchError) {
      throw new InvalidInvoiceError(
        err.mismatches.map((m) => ({
          field: fieldOf(m.path),
          rule: `${m.label}: given ${m.given}, ${m.source} ${m.computed}`,
        })),
      );
    }
    if (err instanceof TotalsError) {
      throw new InvalidInvoiceError([{ field: fieldOf(err.path), rule: err.reason }]);
    }
    throw err;
  }
}

const fieldOf = (path: string) => (path === '(document)' ? 'invoice' : `invoice.${path}`);
