import { InvoiceModelError, parseCanonicalInvoice, type CanonicalInvoice } from '../core/model';
import {
  checkExpectedTotals,
  computeInvoiceTotals,
  TotalsError,
  TotalsMismatchError,
  type InvoiceTotals,
} from '../core/totals';
import { checkBusinessRules } from '../core/rules';
import { RIYADH_OFFSET_MINUTES } from '../core/time';
import { InvalidInvoiceError } from './intake-errors';

/** A ZATCA warning found before signing: the invoice goes on, the ERP gets told. */
export interface PreflightWarning {
  field: string;
  code: string;
  rule: string;
}

/**
 * The pre-flight before anything is consumed: the canonical model (with its business rules),
 * totals and rounding, and the ERP's own totals. Errors name fields under `invoice.`.
 * Then ZATCA's business rules in TS (src/core/rules): errors refuse, warnings are returned.
 */
export function preflight(
  input: unknown,
  now: Date = new Date(),
): {
  invoice: CanonicalInvoice;
  totals: InvoiceTotals;
  warnings: PreflightWarning[];
} {
  const { invoice, totals } = checkModelAndTotals(input);
  // Judge dates in Saudi time, the zone our IssueDate/IssueTime are written in (src/core/time),
  // not the host's: on a UTC host, an invoice issued at 00:30 in Riyadh would otherwise carry
  // "tomorrow's" date and be refused as future-dated (BR-KSA-04).
  const findings = checkBusinessRules(invoice, totals, {
    now,
    implicitTimezoneMinutes: RIYADH_OFFSET_MINUTES,
  });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    throw new InvalidInvoiceError(
      errors.map((f) => ({ field: fieldOf(f.field), rule: `${f.message} (${f.code})` })),
    );
  }
  const warnings = findings.map((f) => ({
    field: fieldOf(f.field),
    code: f.code,
    rule: f.message,
  }));
  return { invoice, totals, warnings };
}

function checkModelAndTotals(input: unknown): { invoice: CanonicalInvoice; totals: InvoiceTotals } {
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
