import { CSR_FIELD_NAMES, type CsrFieldName, type CsrFields } from './csr-fields';

/**
 * Longest accepted value, counted in Unicode characters (code points), not UTF-8 bytes.
 *
 * Why 64: these are the X.520 / RFC 5280 upper bounds for CN, O, OU and title
 * (ub-common-name, ub-organization-name, ub-organizational-unit-name, ub-title = 64), and
 * ZATCA has been reported (odoo/odoo PR #244507, 2026) to reject CSRs whose fields exceed 64
 * characters. The spec digest gives no ZATCA number, so the X.520 bound is applied to every
 * free-text field, including SN, registeredAddress and businessCategory, for which X.520 itself
 * sets no smaller bound. Why characters: the ASN.1 SIZE constraint on a UTF8String counts
 * characters, and the SDK's own Arabic example has an O of 42 characters but 79 UTF-8 bytes.
 */
export const MAX_FIELD_CHARACTERS = 64;

export const VAT_NUMBER_PATTERN = /^3[0-9]{13}3$/;
export const SERIAL_NUMBER_PATTERN = /^1-[^|]+\|2-[^|]+\|3-[^|]+$/;
const TIN_PATTERN = /^[0-9]{10}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
// A lone UTF-16 surrogate (from a bad \uXXXX escape) has no UTF-8 encoding.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const LENGTH_LIMITED: readonly CsrFieldName[] = [
  'commonName',
  'serialNumber',
  'organizationUnit',
  'organization',
  'locationAddress',
  'businessCategory',
];

export interface FieldProblem {
  field: CsrFieldName;
  /** The rule broken, phrased to follow the field's name: "must be ...". */
  rule: string;
}

/** A field's length as the limit counts it: Unicode code points. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** True for a VAT number of a VAT group: its 11th digit is 1 (spec 5.2). */
export function isVatGroupNumber(vatNumber: string): boolean {
  return VAT_NUMBER_PATTERN.test(vatNumber) && vatNumber[10] === '1';
}

/** Every rule broken by `fields`, in field order; empty when the fields are valid. */
export function findFieldProblems(fields: CsrFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of CSR_FIELD_NAMES) {
    const rule = fieldRuleBroken(field, fields[field], fields);
    if (rule) problems.push({ field, rule });
  }
  return problems;
}

function fieldRuleBroken(field: CsrFieldName, value: string, all: CsrFields): string | undefined {
  if (value === '') return 'must not be empty';
  if (hasControlCharacter(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it has an unpaired surrogate)';
  if (value.trim() !== value) return 'must not start or end with white space';
  if (LENGTH_LIMITED.includes(field) && characterCount(value) > MAX_FIELD_CHARACTERS) {
    return `must be at most ${MAX_FIELD_CHARACTERS} characters (has ${characterCount(value)})`;
  }
  switch (field) {
    case 'vatNumber':
      return VAT_NUMBER_PATTERN.test(value)
        ? undefined
        : 'must be 15 digits starting and ending with 3 (^3[0-9]{13}3$)';
    case 'serialNumber':
      return SERIAL_NUMBER_PATTERN.test(value)
        ? undefined
        : 'must have the form 1-<solution name>|2-<model or version>|3-<serial number>';
    case 'country':
      return COUNTRY_PATTERN.test(value)
        ? undefined
        : 'must be a 2-letter ISO 3166 country code in capitals, such as SA';
    case 'invoiceType':
      return invoiceTypeRuleBroken(value);
    case 'organizationUnit':
      // A VAT group's members share one VAT number; the OU tells them apart (spec 5.2).
      return isVatGroupNumber(all.vatNumber) && !TIN_PATTERN.test(value)
        ? 'must be the 10-digit TIN of the group member, because the VAT number is a VAT group ' +
            'number (11th digit 1)'
        : undefined;
    default:
      return undefined;
  }
}

/** C0/C1 control characters never belong in a name, and would break one-line output. */
function hasControlCharacter(value: string): boolean {
  return [...value].some((char) => {
    const code = char.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/** The TSCZ map: T standard, S simplified, C and Z reserved as 0 (spec 5.3). */
function invoiceTypeRuleBroken(value: string): string | undefined {
  if (!/^[01]{4}$/.test(value)) return 'must be 4 digits, each 0 or 1 (TSCZ), such as 1100';
  if (value.slice(2) !== '00') return 'must have 0 in positions 3 and 4 (reserved)';
  if (!value.slice(0, 2).includes('1')) {
    return 'must enable standard (1000), simplified (0100) or both (1100)';
  }
  return undefined;
}
