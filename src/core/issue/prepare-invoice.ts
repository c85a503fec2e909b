import { parseCanonicalInvoice } from '../model/parse-invoice';
import type { CanonicalInvoice } from '../model/invoice';
import type { UnsignedInvoice } from '../signing/unsigned-invoice';
import { checkExpectedTotals } from '../totals/check-totals';
import { computeInvoiceTotals, type InvoiceTotals } from '../totals/compute-totals';
import type { ChainValues } from '../ubl/chain-values';
import { renderInvoice } from '../ubl/render-invoice';

export interface PreparedInvoice {
  invoice: CanonicalInvoice;
  totals: InvoiceTotals;
  unsigned: UnsignedInvoice;
}

/**
 * Everything before signing: validate the ERP's JSON against the canonical model
 * (InvoiceModelError), compute the totals (TotalsError), refuse when the ERP's own totals
 * differ (TotalsMismatchError), then render the UBL text.
 */
export function prepareInvoice(input: unknown, chain: ChainValues): PreparedInvoice {
  const invoice = parseCanonicalInvoice(input);
  const totals = computeInvoiceTotals(invoice);
  checkExpectedTotals(invoice, totals);
  const unsigned = renderInvoice(invoice, totals, chain);
  return { invoice, totals, unsigned };
}
