export {
  CanonicalInvoiceSchema,
  type CanonicalInvoice,
  type CanonicalInvoiceInput,
  type InvoiceLine,
} from './invoice';
export { parseCanonicalInvoice, InvoiceModelError, type ModelIssue } from './parse-invoice';
export type { Prepayment } from './line';
export type { Seller, Buyer } from './party';
export type { NormalisedTaxCategory } from './tax-category';
export type { DocumentAllowanceCharge, LineAllowanceCharge } from './allowance-charge';
export { allowanceChargeAmount } from './allowance-charge';
export { prepaymentLineId } from './invoice-rules';
export * from './codes';
