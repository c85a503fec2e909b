import type { MappingProblem } from '../../src/connectors/connector-errors';
import type {
  CanonicalMappings,
  SubtypeMapping,
} from '../../src/connectors/mapping/mapping-settings';
import type { OdooRecord } from './odoo-reader';
import { m2oId, m2oName } from './odoo-values';

/** ID schemes a business has (a person's are NAT, GCC, IQA, PAS). */
const BUSINESS_ID_SCHEMES = new Set(['TIN', 'CRN', 'MOM', 'MLS', '700', 'SAG', 'OTH']);

export type Subtype = 'standard' | 'simplified';

/**
 * Standard (tax invoice, B2B, cleared before it is valid) or simplified (B2C, reported within
 * 24 hours). The `subtype` mapping decides per journal (`journal:<id>`), then per company
 * (`company:<id>`), then for all (`*`): `standard`, `simplified` or `by-buyer`. Without a
 * mapping the rule is `by-buyer`, what a Saudi accountant applies by default:
 *
 *  - the buyer has a VAT number (a taxable person, company or sole trader: it needs a tax
 *    invoice to deduct the VAT) → standard;
 *  - the buyer is a company (`is_company`) with a business ID (CRN, MOM, MLS, 700, SAG, TIN,
 *    OTH) but no VAT number (not registered, or a government body) → standard;
 *  - anyone else (a person, or a company Odoo holds no VAT number nor ID for) → simplified.
 *
 * A journal forced to `standard` refuses a buyer without VAT number or business ID (BR-KSA-81)
 * instead of quietly issuing a simplified invoice.
 */
export function subtypeOf(
  move: OdooRecord,
  partner: OdooRecord | null,
  buyer: Record<string, unknown> | null,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
): Subtype {
  const journal = m2oId(move.journal_id);
  const company = m2oId(move.company_id);
  const keys = [`journal:${journal}`, `company:${company}`, '*'];
  const key = keys.find((k) => mappings.subtype.has(k));
  const rule: SubtypeMapping['subtype'] = key ? mappings.subtype.get(key)!.subtype : 'by-buyer';
  const hasVat = typeof buyer?.vatNumber === 'string';
  const id = buyer?.id as { scheme?: string } | undefined;
  const businessId = id?.scheme !== undefined && BUSINESS_ID_SCHEMES.has(id.scheme);
  const isCompany = partner?.is_company === true;

  if (rule === 'simplified') return 'simplified';
  if (rule === 'standard') {
    if (!hasVat && !businessId) {
      problems.push({
        field: 'partner_id',
        rule:
          `journal "${m2oName(move.journal_id) ?? journal}" issues standard (B2B) invoices ` +
          `(mapping subtype/${key}), but the buyer ${partner ? `"${String(partner.name)}"` : '(none)'} ` +
          'has neither a VAT number nor a business ID (CRN, MOM, MLS, 700, SAG, TIN, OTH) ' +
          '(BR-KSA-81): add one in Odoo, or map this journal to simplified',
      });
    }
    return 'standard';
  }
  if (hasVat) return 'standard';
  if (isCompany && businessId) return 'standard';
  return 'simplified';
}
