export {
  computeInvoiceTotals,
  type InvoiceTotals,
  type PrepaymentTotals,
  type DocumentAllowanceChargeTotals,
} from './compute-totals';
export { checkExpectedTotals } from './check-totals';
export { computeLineTotals, type LineTotals } from './line-totals';
export { taxKey, type TaxSubtotal } from './tax-subtotals';
export {
  TotalsMismatchError,
  TotalsError,
  describeMismatch,
  type TotalsMismatch,
} from './totals-errors';
