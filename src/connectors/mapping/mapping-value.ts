import { z } from 'zod';
import { BUYER_FIELDS, type MappingKind } from './mapping-settings';

const rate = z.string().regex(/^(0|[1-9][0-9]?|100)(\.[0-9]{1,2})?$/, 'a percentage such as "15"');

const schemas: Record<MappingKind, z.ZodType> = {
  tax: z.strictObject({
    category: z.enum(['S', 'Z', 'E', 'O']),
    rate: rate.optional(),
    exemptionReasonCode: z
      .string()
      .regex(/^VATEX-SA-[A-Z0-9-]+$/)
      .optional(),
    exemptionReason: z.string().min(1).max(1000).optional(),
  }),
  unit: z.strictObject({ unitId: z.string().min(1).max(100) }),
  'payment-terms': z.strictObject({ code: z.enum(['1', '10', '30', '42', '48']) }),
  uom: z.strictObject({ unitCode: z.string().regex(/^[A-Z0-9]{1,3}$/, 'a UN/ECE rec 20 code') }),
  'buyer-field': z.strictObject({ erpField: z.string().regex(/^[a-z_][a-z0-9_.]*$/) }),
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
  const parsed = schemas[kind].safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ field: ['value', ...issue.path].join('.'), rule: issue.message });
    }
  }
  return problems;
}
