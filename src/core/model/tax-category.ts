import { z } from 'zod';
import { CITIZEN_EXEMPTIONS, EXEMPTION_REASONS, STANDARD_RATES, TAX_CATEGORIES } from './codes';
import type { TaxCategoryCode } from './codes';
import { percent, text } from './primitives';

const CATEGORY_NAMES: Record<TaxCategoryCode, string> = {
  S: 'standard rated',
  Z: 'zero rated',
  E: 'exempt',
  O: 'out of scope',
};

const squash = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** The category whose code list contains `code`, if any. */
function categoryOfExemption(code: string): TaxCategoryCode | undefined {
  for (const [category, reasons] of Object.entries(EXEMPTION_REASONS)) {
    if (code in reasons) return category as TaxCategoryCode;
  }
  return undefined;
}

/**
 * VAT category of a line, allowance/charge or prepayment (spec 1.8). After parsing, `rate` is
 * always present and Z/E/O carry their exemption code and reason text.
 */
export const TaxCategorySchema = z
  .strictObject({
    code: z.enum(TAX_CATEGORIES, { error: 'must be one of S, Z, E, O (BR-KSA-18)' }),
    rate: percent
      .optional()
      .describe('VAT rate in percent; 15 or 5 for S, 0 (or absent) for Z/E/O'),
    exemptionReasonCode: z
      .string()
      .optional()
      .describe('VATEX-SA-* code, required for Z, E and O (spec 1.8)'),
    exemptionReason: text(1000)
      .optional()
      .describe('Reason text; defaults to the official wording of the code (BR-KSA-83)'),
  })
  .superRefine((tc, ctx) => {
    const issue = (message: string, field: string) =>
      ctx.addIssue({ code: 'custom', message, path: [field] });
    if (tc.code === 'S') {
      if (tc.rate === undefined) issue('is required for category S', 'rate');
      else if (!STANDARD_RATES.some((r) => Number(r) === Number(tc.rate))) {
        issue(`standard rate must be 15 or 5, not ${tc.rate} (BR-KSA-84)`, 'rate');
      }
      if (tc.exemptionReasonCode !== undefined || tc.exemptionReason !== undefined) {
        issue('category S takes no exemption reason (BR-S-10)', 'exemptionReasonCode');
      }
      return;
    }
    const name = CATEGORY_NAMES[tc.code];
    if (tc.rate !== undefined && Number(tc.rate) !== 0) {
      issue(
        `must be 0 for ${name} category ${tc.code}, not ${tc.rate} (BR-${tc.code}-05, BR-KSA-11)`,
        'rate',
      );
    }
    const code = tc.exemptionReasonCode;
    if (code === undefined) {
      issue(
        `category ${tc.code} (${name}) needs an exemption reason code (BR-KSA-69/23/24)`,
        'exemptionReasonCode',
      );
      return;
    }
    const owner = categoryOfExemption(code);
    if (owner === undefined) {
      issue(
        `exemption reason code ${code} is not a ZATCA VATEX-SA code (BR-KSA-CL-04)`,
        'exemptionReasonCode',
      );
      return;
    }
    if (owner !== tc.code) {
      issue(
        `exemption reason code ${code} is for category ${owner}, not ${tc.code} (BR-KSA-CL-04)`,
        'exemptionReasonCode',
      );
      return;
    }
    const official = EXEMPTION_REASONS[tc.code][code];
    if (official === undefined && tc.exemptionReason === undefined) {
      issue(
        `code ${code} has no official wording: give the reason text (BR-KSA-83)`,
        'exemptionReason',
      );
    }
    // The SDK samples append an Arabic translation after the official wording; allow that.
    if (official !== undefined && tc.exemptionReason !== undefined) {
      if (!squash(tc.exemptionReason).startsWith(squash(official))) {
        issue(
          `reason for ${code} must be the official text "${official}" (optionally followed by a translation) (BR-KSA-83)`,
          'exemptionReason',
        );
      }
    }
  })
  .transform((tc) => normaliseTaxCategory(tc));

export type TaxCategoryInput = z.input<typeof TaxCategorySchema>;
export type TaxCategory = z.output<typeof TaxCategorySchema>;

export interface NormalisedTaxCategory {
  code: TaxCategoryCode;
  rate: string;
  exemptionReasonCode?: string;
  exemptionReason?: string;
}

function normaliseTaxCategory(tc: {
  code: TaxCategoryCode;
  rate?: string;
  exemptionReasonCode?: string;
  exemptionReason?: string;
}): NormalisedTaxCategory {
  if (tc.code === 'S') return { code: 'S', rate: tc.rate ?? '15' };
  const code = tc.exemptionReasonCode;
  const official = code === undefined ? undefined : EXEMPTION_REASONS[tc.code][code];
  return {
    code: tc.code,
    rate: tc.rate ?? '0',
    exemptionReasonCode: code,
    exemptionReason: tc.exemptionReason ?? official,
  };
}

export function isCitizenExemption(tc: NormalisedTaxCategory): boolean {
  return (CITIZEN_EXEMPTIONS as readonly (string | undefined)[]).includes(tc.exemptionReasonCode);
}
