import { z } from 'zod';
import { Dec, percentOf, roundMoney } from '../money/decimal';
import { ALLOWANCE_REASON_CODES, CHARGE_REASON_CODES } from './codes';
import { money, percent, text } from './primitives';
import { TaxCategorySchema } from './tax-category';

const allowanceChargeFields = {
  kind: z.enum(['allowance', 'charge'], { error: 'must be "allowance" or "charge"' }),
  amount: money.optional().describe('Amount; computed from percent and baseAmount when absent'),
  percent: percent.optional().describe('Percentage of baseAmount (MultiplierFactorNumeric)'),
  baseAmount: money.optional(),
  reasonCode: z
    .string()
    .optional()
    .describe('UNTDID 5189 code for allowances, UNTDID 7161 code for charges'),
  reason: text(1000).optional(),
};

type AllowanceChargeInput = {
  kind: 'allowance' | 'charge';
  amount?: string;
  percent?: string;
  baseAmount?: string;
  reasonCode?: string;
  reason?: string;
};

/** Rules shared by document- and line-level allowances and charges (spec 1.9). */
function checkAllowanceCharge(level: 'document' | 'line') {
  const chargeRules = level === 'document' ? 'BR-KSA-19/21' : 'BR-KSA-20/22';
  return (ac: AllowanceChargeInput, ctx: z.RefinementCtx): void => {
    const issue = (message: string, field: string) =>
      ctx.addIssue({ code: 'custom', message, path: [field] });
    if ((ac.percent === undefined) !== (ac.baseAmount === undefined)) {
      const missing = ac.percent === undefined ? 'percent' : 'baseAmount';
      issue('percent and baseAmount go together (BR-KSA-EN16931-04/05)', missing);
    }
    if (ac.amount === undefined && (ac.percent === undefined || ac.baseAmount === undefined)) {
      issue('give the amount, or percent and baseAmount', 'amount');
    }
    if (ac.amount !== undefined && ac.percent !== undefined && ac.baseAmount !== undefined) {
      const expected = roundMoney(percentOf(new Dec(ac.baseAmount), new Dec(ac.percent)));
      if (!expected.equals(new Dec(ac.amount))) {
        issue(
          `${ac.amount} is not ${ac.percent}% of ${ac.baseAmount} (= ${expected.toFixed(2)}) (BR-KSA-EN16931-03)`,
          'amount',
        );
      }
    }
    if (ac.kind === 'charge') {
      if (ac.reasonCode === undefined)
        issue(`a charge needs a reason code (${chargeRules})`, 'reasonCode');
      else if (!CHARGE_REASON_CODES.includes(ac.reasonCode)) {
        issue(
          `${ac.reasonCode} is not a UNTDID 7161 charge reason code (BR-KSA-CL-06)`,
          'reasonCode',
        );
      }
      if (ac.reason === undefined) issue(`a charge needs a reason text (${chargeRules})`, 'reason');
    } else {
      if (ac.reasonCode === undefined && ac.reason === undefined) {
        issue('an allowance needs a reason code or a reason text (BR-33/BR-42)', 'reason');
      }
      if (
        ac.reasonCode !== undefined &&
        !(ALLOWANCE_REASON_CODES as readonly string[]).includes(ac.reasonCode)
      ) {
        issue(`${ac.reasonCode} is not a UNTDID 5189 allowance reason code`, 'reasonCode');
      }
    }
  };
}

/** Allowance or charge on one line (BG-27/BG-28); taxed in the line's category. */
export const LineAllowanceChargeSchema = z
  .strictObject(allowanceChargeFields)
  .superRefine(checkAllowanceCharge('line'));

/** Document-level allowance or charge (BG-20/BG-21), with its own VAT category (BR-32/37). */
export const DocumentAllowanceChargeSchema = z
  .strictObject({ ...allowanceChargeFields, taxCategory: TaxCategorySchema })
  .superRefine(checkAllowanceCharge('document'));

export type LineAllowanceCharge = z.output<typeof LineAllowanceChargeSchema>;
export type DocumentAllowanceCharge = z.output<typeof DocumentAllowanceChargeSchema>;

/** The amount of an allowance/charge: given, or percent of base rounded half-up. */
export function allowanceChargeAmount(ac: {
  amount?: string;
  percent?: string;
  baseAmount?: string;
}): Dec {
  if (ac.amount !== undefined) return new Dec(ac.amount);
  return roundMoney(percentOf(new Dec(ac.baseAmount!), new Dec(ac.percent!)));
}
