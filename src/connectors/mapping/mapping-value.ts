import { z } from 'zod';
import { EXEMPTION_REASONS, STANDARD_RATES } from '../../core/model/codes';
import { BUYER_FIELDS, type MappingKind } from './mapping-settings';

const rate = z.string().regex(/^(0|[1-9][0-9]?|100)(\.[0-9]{1,2})?$/, 'a percentage such as "15"');

/**
 * A VAT category as ZATCA takes it (BR-KSA-84, BR-KSA-CL-04, BR-KSA-83): S at 15 or 5 and no
 * exemption; Z, E, O at 0 with a code of their own list, and a text where the code has no
 * official wording. Or `{ignore: true}`: not VAT, for taxes that add nothing.
 */
const taxCategory = z
  .strictObject({
    category: z.enum(['S', 'Z', 'E', 'O']),
    rate: rate.optional(),
    exemptionReasonCode: z
      .string()
      .regex(/^VATEX-SA-[A-Za-z0-9()-]+$/, 'a VATEX-SA-* code')
      .optional(),
    exemptionReason: z.string().min(1).max(1000).optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (m.category === 'S') {
      if (m.rate !== undefined && !(STANDARD_RATES as readonly string[]).includes(norm(m.rate))) {
        issue('rate', `category S takes rate ${STANDARD_RATES.join(' or ')} (BR-KSA-84)`);
      }
      if (m.exemptionReasonCode || m.exemptionReason) {
        issue('exemptionReasonCode', 'category S has no exemption reason');
      }
      return;
    }
    if (m.rate !== undefined && norm(m.rate) !== '0') {
      issue('rate', `category ${m.category} takes rate 0`);
    }
    const codes = EXEMPTION_REASONS[m.category];
    if (!m.exemptionReasonCode) {
      issue(
        'exemptionReasonCode',
        `category ${m.category} needs one of ${Object.keys(codes).join(', ')} (BR-KSA-CL-04)`,
      );
      return;
    }
    if (!(m.exemptionReasonCode in codes)) {
      issue(
        'exemptionReasonCode',
        `${m.exemptionReasonCode} is not a code of category ${m.category}: one of ${Object.keys(codes).join(', ')}`,
      );
    } else if (codes[m.exemptionReasonCode] === undefined && !m.exemptionReason) {
      issue(
        'exemptionReason',
        `${m.exemptionReasonCode} has no official wording: give the reason text (BR-KSA-24/83)`,
      );
    }
  });

const schemas: Record<MappingKind, z.ZodType> = {
  tax: z.union([taxCategory, z.strictObject({ ignore: z.literal(true) })], {
    error: 'either {category, rate?, exemptionReasonCode?, exemptionReason?} or {ignore: true}',
  }),
  unit: z.strictObject({ unitId: z.string().min(1).max(100) }),
  'payment-terms': z.strictObject({ code: z.enum(['1', '10', '30', '42', '48']) }),
  uom: z.strictObject({ unitCode: z.string().regex(/^[A-Z0-9]{1,3}$/, 'a UN/ECE rec 20 code') }),
  'buyer-field': z.strictObject({ erpField: z.string().regex(/^[a-z_][a-z0-9_.]*$/) }),
  subtype: z.strictObject({ subtype: z.enum(['standard', 'simplified', 'by-buyer']) }),
};

/** Checks a mapping value for its kind; returns field-named problems (empty when valid). */
export function mappingValueProblems(
  kind: MappingKind,
  erpKey: string,
  value: unknown,
): { field: string; rule: string }[] {
  const problems: { field: string; rule: string }[] = [];
  if (kind === 'buyer-field' && !(BUYER_FIELDS as readonly string[]).includes(erpKey)) {
    problems.push({ field: 'erpKey', rule: `one of ${BUYER_FIELDS.join(', ')}` });
  }
  if ((kind === 'subtype' || kind === 'unit') && !/^(\*|journal:\d+|company:\d+)$/.test(erpKey)) {
    problems.push({
      field: 'erpKey',
      rule: 'journal:<id>, company:<id> or * (every journal)',
    });
  }
  // The tax union's own message hides the field at fault: check the category shape directly.
  const schema =
    kind === 'tax' && !(isObject(value) && value.ignore !== undefined)
      ? taxCategory
      : schemas[kind];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ field: ['value', ...issue.path].join('.'), rule: issue.message });
    }
  }
  return problems;
}

function norm(percent: string): string {
  return percent.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
