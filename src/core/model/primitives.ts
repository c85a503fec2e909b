import { z } from 'zod';
import { MONEY, PERCENT, SIGNED_MONEY, UNSIGNED_DECIMAL } from '../money/decimal-string';
import { instantProblem, isCalendarDate } from '../time/saudi-time';

/**
 * Type errors that say what was expected. JSON numbers get a pointed message: decimals are
 * strings in this model so that money never passes through a binary float.
 */
function expecting(what: string) {
  return (issue: { input?: unknown }): string => {
    if (issue.input === undefined) return 'is required';
    if (typeof issue.input === 'number') {
      return `must be ${what} in quotes, e.g. "${issue.input}": JSON numbers are refused so money never passes through a binary float`;
    }
    return `must be ${what}, not ${issue.input === null ? 'null' : typeof issue.input}`;
  };
}

// Characters XML 1.0 cannot carry at all; refusing them here keeps the renderer total.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Free text of 1..max characters, not blank, XML-safe. */
export function text(max: number, rule?: string) {
  const limit = rule ? ` (${rule})` : '';
  return z
    .string({ error: expecting('text') })
    .refine((s) => s.trim().length > 0, { error: 'must not be empty or blank' })
    .refine((s) => s.length <= max, { error: `must be at most ${max} characters${limit}` })
    .refine((s) => !XML_FORBIDDEN.test(s), {
      error: 'contains a control character that XML cannot carry',
    });
}

/** An amount: decimal string with at most 2 decimals, >= 0. */
export const money = z.string({ error: expecting('a decimal string') }).regex(MONEY, {
  error: 'must be an amount like "1250.50": digits, at most 2 decimals, no sign or separators',
});

/** Payable rounding (BT-114) is the one amount that may be negative. */
export const signedMoney = z.string({ error: expecting('a decimal string') }).regex(SIGNED_MONEY, {
  error: 'must be an amount like "-0.01" or "0.02": at most 2 decimals',
});

/** Quantities and unit prices: any number of decimals, >= 0. */
export const unsignedDecimal = z
  .string({ error: expecting('a decimal string') })
  .regex(UNSIGNED_DECIMAL, {
    error: 'must be a decimal like "2" or "3.125": digits and an optional fraction, no sign',
  });

export const positiveDecimal = unsignedDecimal.refine((s) => /[1-9]/.test(s), {
  error: 'must be greater than zero',
});

/** Percentages 0..100 with at most 2 decimals (BR-KSA-DEC-01/02). */
export const percent = z.string({ error: expecting('a decimal string') }).regex(PERCENT, {
  error:
    'must be a percentage from "0" to "100" with at most 2 decimals, without "%" (BR-KSA-DEC-02)',
});

export const calendarDate = z
  .string({ error: expecting('a date "YYYY-MM-DD"') })
  .refine(isCalendarDate, { error: 'must be a calendar date "YYYY-MM-DD" (BR-KSA-F-01)' });

/** An instant with explicit offset; see src/core/time for the rendering rule. */
export const instant = z
  .string({ error: expecting('an ISO-8601 instant') })
  .superRefine((value, ctx) => {
    const problem = instantProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** UUID (KSA-1): letters, digits and dashes (BR-KSA-03); we require the RFC 4122 shape. */
export const uuid = z
  .string({ error: expecting('a UUID') })
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    error: 'must be a UUID like 8d487816-70b8-4ade-a618-9d620b73814a (BR-KSA-03)',
  });

export const flag = z.boolean({ error: expecting('true or false') });
