import { z } from 'zod';
import { CURRENCY_CODES, DOCUMENT_KINDS, PAYMENT_MEANS_CODES } from './codes';
import { DocumentAllowanceChargeSchema } from './allowance-charge';
import { checkInvoiceRules } from './invoice-rules';
import { LineSchema, PrepaymentSchema } from './line';
import { BuyerSchema, SellerSchema } from './party';
import {
  calendarDate,
  flag,
  instant,
  money,
  positiveDecimal,
  signedMoney,
  text,
  uuid,
} from './primitives';

const paymentMeansCodes = Object.keys(PAYMENT_MEANS_CODES) as [string, ...string[]];

const TransactionSchema = z
  .strictObject({
    thirdParty: flag.default(false).describe('KSA-2 position 3: third-party invoice'),
    nominal: flag.default(false).describe('KSA-2 position 4: nominal supply'),
    export: flag.default(false).describe('KSA-2 position 5: export (standard only)'),
    summary: flag.default(false).describe('KSA-2 position 6: summary invoice'),
    selfBilled: flag.default(false).describe('KSA-2 position 7: self-billed (standard only)'),
  })
  .describe('Transaction flags that make up InvoiceTypeCode/@name (spec 1.2)');

const PaymentMeansSchema = z.strictObject({
  code: z.enum(paymentMeansCodes, {
    error: `must be one of the KSA payment means codes ${paymentMeansCodes.join(', ')} (BR-KSA-16)`,
  }),
  accountId: text(127, 'BR-KSA-F-06-C15').optional().describe('Payee account, e.g. IBAN (BT-84)'),
  paymentTerms: text(1000, 'BR-KSA-F-06-C14').optional().describe('Payment terms (KSA-22)'),
});

const BillingReferenceSchema = z.strictObject({
  id: text(5000, 'BR-KSA-F-06-C22').describe('Number (BT-1) of the invoice the note corrects'),
  issueDate: calendarDate.optional(),
});

/** Document totals the ERP computed itself; each given one is checked against ours. */
const ExpectedTotalsSchema = z.strictObject({
  lineExtensionAmount: money.optional().describe('Sum of line net amounts (BT-106)'),
  allowanceTotalAmount: money.optional().describe('Document allowances (BT-107)'),
  chargeTotalAmount: money.optional().describe('Document charges (BT-108)'),
  taxExclusiveAmount: money.optional().describe('Total without VAT (BT-109)'),
  taxAmount: money.optional().describe('Total VAT in the document currency (BT-110)'),
  taxAmountSar: money.optional().describe('Total VAT in SAR (BT-111)'),
  taxInclusiveAmount: money.optional().describe('Total with VAT (BT-112)'),
  prepaidAmount: money.optional().describe('Prepaid amount (BT-113)'),
  payableAmount: money.optional().describe('Amount due (BT-115)'),
});

/**
 * The canonical invoice an ERP connector produces: one JSON shape for every document kind
 * (see docs/canonical-invoice.md). Money, quantities and rates are decimal strings.
 */
export const InvoiceFieldsSchema = z.strictObject({
  id: text(127, 'BR-KSA-F-06-C1').describe('Invoice number (BT-1)'),
  uuid: uuid.describe('Document UUID (KSA-1)'),
  issuedAt: instant.describe(
    'Issue instant, ISO-8601 with offset; rendered in Saudi time (UTC+3) as IssueDate/IssueTime',
  ),
  kind: z
    .enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` })
    .describe('invoice=388, credit-note=381, debit-note=383, prepayment=386'),
  subtype: z
    .enum(['standard', 'simplified'], { error: 'must be "standard" or "simplified"' })
    .describe('standard (01, B2B, cleared) or simplified (02, B2C, reported)'),
  transaction: TransactionSchema.default({
    thirdParty: false,
    nominal: false,
    export: false,
    summary: false,
    selfBilled: false,
  }),
  currency: z
    .string()
    .refine((c) => CURRENCY_CODES.has(c), {
      error: 'must be an ISO 4217 currency code (BR-KSA-CL-01)',
    })
    .default('SAR')
    .describe('Document currency (BT-5)'),
  exchangeRate: positiveDecimal
    .refine((r) => r.replace('.', '').length <= 14, {
      error: 'must have at most 14 digits (BR-KSA-90)',
    })
    .optional()
    .describe('SAR per one unit of the document currency; required when currency is not SAR'),
  notes: z.array(text(1000, 'BR-KSA-F-06-C2')).default([]).describe('Free-text notes (BT-22)'),
  orderReference: text(127, 'BR-KSA-F-06-C3').optional().describe('Purchase order (BT-13)'),
  contractReference: text(127, 'BR-KSA-F-06-C5').optional().describe('Contract (BT-12)'),
  billingReferences: z
    .array(BillingReferenceSchema)
    .default([])
    .describe('Invoices a credit/debit note corrects (BT-25)'),
  noteReason: text(1000, 'BR-KSA-F-06-C13')
    .optional()
    .describe('Why the credit/debit note is issued (KSA-10), rendered as InstructionNote'),
  seller: SellerSchema,
  buyer: BuyerSchema.optional().describe('May be absent on simplified documents'),
  supplyDate: calendarDate.optional().describe('Supply date (KSA-5)'),
  supplyEndDate: calendarDate.optional().describe('Supply end date (KSA-24)'),
  paymentMeans: z.array(PaymentMeansSchema).default([]),
  allowanceCharges: z.array(DocumentAllowanceChargeSchema).default([]),
  lines: z.array(LineSchema).min(1, { error: 'an invoice needs at least one line (BR-16)' }),
  prepayments: z
    .array(PrepaymentSchema)
    .default([])
    .describe('Prepayment invoices deducted by this final invoice (spec 1.11)'),
  payableRoundingAmount: signedMoney.optional().describe('Rounding of the amount due (BT-114)'),
  expectedTotals: ExpectedTotalsSchema.optional(),
});

export type InvoiceFields = z.output<typeof InvoiceFieldsSchema>;

/** Field schemas plus the rules that relate fields to each other (invoice-rules.ts). */
export const CanonicalInvoiceSchema = InvoiceFieldsSchema.superRefine(checkInvoiceRules);

export type CanonicalInvoiceInput = z.input<typeof CanonicalInvoiceSchema>;
export type CanonicalInvoice = z.output<typeof CanonicalInvoiceSchema>;
export type InvoiceLine = CanonicalInvoice['lines'][number];
