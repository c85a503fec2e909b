import type { CanonicalInvoice } from '../model/invoice';
import type { InvoiceTotals } from '../totals/compute-totals';
import { checkForeignCurrencyVat } from './currency-rules';
import { checkIssueDates, checkReportingDelay } from './issue-date-rules';
import type { RuleFinding } from './rule-finding';
import type { BusinessRuleOptions, RuleFamily, RulesContext } from './rules-context';
import { checkVatBreakdownBases } from './vat-breakdown-rules';

// Only the rules that can still fire once the model and the totals have accepted a document;
// README.md accounts for every other rule id of the two XSLs.
const FAMILIES: readonly RuleFamily[] = [
  checkVatBreakdownBases,
  checkIssueDates,
  checkReportingDelay,
  checkForeignCurrencyVat,
];

/**
 * ZATCA's EN 16931 and KSA schematron verdicts for a document our renderer produces from
 * `invoice` (parseCanonicalInvoice) and `totals` (computeInvoiceTotals): errors and warnings,
 * with the XSL's rule ids and flags, in microseconds instead of the schematron's ~150 ms.
 */
export function checkBusinessRules(
  invoice: CanonicalInvoice,
  totals: InvoiceTotals,
  options: BusinessRuleOptions = {},
): RuleFinding[] {
  const now = options.now ?? new Date();
  const ctx: RulesContext = {
    invoice,
    totals,
    nowMs: now.getTime(),
    implicitTimezoneMinutes: options.implicitTimezoneMinutes ?? -now.getTimezoneOffset(),
  };
  const out: RuleFinding[] = [];
  for (const family of FAMILIES) family(ctx, out);
  return out;
}
