import { z } from 'zod';
import { Dec } from '../money/decimal';
import { LineAllowanceChargeSchema } from './allowance-charge';
import { instant, money, positiveDecimal, text, unsignedDecimal, uuid } from './primitives';
import { TaxCategorySchema } from './tax-category';

/** Line totals the ERP computed itself; checked against ours before signing. */
const ExpectedLineTotalsSchema = z.strictObject({
  net: money.optional().describe('Line net amount (BT-131)'),
  vat: money.optional().describe('Line VAT amount (KSA-11)'),
  amountWithVat: money.optional().describe('Line amount with VAT (KSA-12)'),
});

export const LineSchema = z
  .strictObject({
    id: text(6, 'BR-KSA-F-06-C17').optional().describe('Line number; defaults to 1, 2, 3...'),
    name: text(1000, 'BR-KSA-F-06-C19').describe('Item name (BT-153)'),
    sellerItemId: text(127).optional(),
    buyerItemId: text(127).optional(),
    standardItemId: text(127).optional(),
    quantity: positiveDecimal.describe('Invoiced quantity (BT-129), > 0'),
    unitCode: z
      .string()
      .regex(/^[A-Za-z0-9]{1,3}$/, {
        error: 'must be a UN/ECE rec 20 unit code such as PCE, KGM, HUR',
      })
      .default('PCE'),
    unitPrice: unsignedDecimal.describe('Net unit price (BT-146), decimals as the ERP has them'),
    baseQuantity: positiveDecimal.optional().describe('Price base quantity (BT-149)'),
    grossPrice: unsignedDecimal
      .optional()
      .describe('Gross unit price (BT-148); the difference to unitPrice is a price discount'),
    allowanceCharges: z.array(LineAllowanceChargeSchema).default([]),
    taxCategory: TaxCategorySchema,
    expected: ExpectedLineTotalsSchema.optional(),
  })
  .superRefine((line, ctx) => {
    if (line.grossPrice !== undefined && new Dec(line.grossPrice).lessThan(line.unitPrice)) {
      // A price-level charge is not allowed (BR-KSA-EN16931-06), so gross >= net.
      ctx.addIssue({
        code: 'custom',
        path: ['grossPrice'],
        message: `gross price ${line.grossPrice} is below the net price ${line.unitPrice}; price-level charges are not allowed (BR-KSA-EN16931-06)`,
      });
    }
  });

/**
 * A prepayment deducted on the final invoice (spec 1.11): one extra line with a reference to
 * the 386 prepayment invoice and the prepaid taxable amount and VAT of one category.
 */
export const PrepaymentSchema = z.strictObject({
  id: text(127).describe('Number (BT-1) of the prepayment invoice'),
  uuid: uuid.describe('UUID of the prepayment invoice'),
  issuedAt: instant.describe('Issue instant of the prepayment invoice'),
  name: text(1000).default('Prepayment adjustment').describe('Item name of the deduction line'),
  taxCategory: TaxCategorySchema,
  taxableAmount: money.describe('Prepaid taxable amount (KSA-31)'),
  vatAmount: money
    .optional()
    .describe('Prepaid VAT (KSA-32); computed when absent, checked when given'),
});

export type Line = z.output<typeof LineSchema>;
export type Prepayment = z.output<typeof PrepaymentSchema>;
