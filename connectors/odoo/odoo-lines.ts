import Decimal from 'decimal.js';
import type { MappingProblem } from '../../src/connectors/connector-errors';
import type { CanonicalMappings, TaxMapping } from '../../src/connectors/mapping/mapping-settings';
import { EXEMPTION_REASONS, type TaxCategoryCode } from '../../src/core/model/codes';
import { odooAmount, odooDecimal } from './odoo-decimal';
import type { OdooDocumentData, OdooRecord } from './odoo-reader';
import { m2oName, text } from './odoo-values';

const QTY_PLACES = 6;
/** Decimals of a tax-exclusive unit price worked out from a tax-included one. */
const EXCLUDED_PRICE_PLACES = 10;

/**
 * invoice_line_ids holds product lines and the accountant's layout lines (sections, notes;
 * 18 adds subsections). Only product lines are invoiced; Odoo ≤ 15 wrote `false` for them.
 */
export function isProductLine(line: OdooRecord): boolean {
  return (
    line.display_type === 'product' ||
    line.display_type === false ||
    line.display_type === undefined
  );
}

/**
 * The product lines of the move as canonical lines. Problems name the line by its position in
 * Odoo's invoice_line_ids (sections and notes count) and, in the rule, by its label and id.
 */
export function mapLines(
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  places: number,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  doc.lines.forEach((line, position) => {
    if (isProductLine(line)) out.push(lineOf(line, position, doc, mappings, problems, places));
  });
  if (out.length === 0) {
    problems.push({ field: 'invoice_line_ids', rule: 'no product lines (only sections or notes)' });
  }
  return out;
}

function lineOf(
  line: OdooRecord,
  position: number,
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  places: number,
): Record<string, unknown> {
  const field = (name: string) => `invoice_line_ids[${position}].${name}`;
  const name = text(line.name) ?? m2oName(line.product_id) ?? `Line ${position + 1}`;
  const label = `line ${position + 1} "${name.slice(0, 60)}" (id ${line.id})`;
  const quantity = odooDecimal(line.quantity, QTY_PLACES, field('quantity'));
  const priceUnit = odooDecimal(line.price_unit, QTY_PLACES, field('price_unit'));
  const net = odooAmount(line.price_subtotal, places, field('price_subtotal'));
  const discount = odooDecimal(line.discount ?? 0, 6, field('discount'));

  const negative = [
    ['quantity', quantity],
    ['price_unit', priceUnit],
    ['price_subtotal', net],
  ].find(([, v]) => new Decimal(v).isNegative() && !new Decimal(v).isZero());
  if (negative) {
    problems.push({
      field: field(negative[0]),
      rule:
        `${label}: ${negative[0]} ${negative[1]} is negative; a ZATCA invoice has no negative ` +
        'lines (BR-KSA-F-04): issue a credit note for returns and give discounts with the ' +
        "line's Disc.% (down-payment deductions are not supported by this connector yet)",
    });
  }
  if (new Decimal(quantity).isZero()) {
    problems.push({
      field: field('quantity'),
      rule: `${label}: quantity 0; a ZATCA line needs a quantity above 0 (remove the line or use a note)`,
    });
  }
  if (new Decimal(discount).gt(100) || new Decimal(discount).isNegative()) {
    problems.push({
      field: field('discount'),
      rule: `${label}: discount ${discount}% is not 0 to 100`,
    });
  }

  const tax = lineTax(line, label, doc, mappings, problems, field('tax_ids'));
  // A tax-included price (price_include) holds the VAT; the canonical price excludes it.
  const unitPrice = tax.priceIncluded
    ? new Decimal(priceUnit)
        .abs()
        .div(new Decimal(1).plus(new Decimal(tax.rate).div(100)))
        .toDecimalPlaces(EXCLUDED_PRICE_PLACES, Decimal.ROUND_HALF_UP)
        .toFixed()
    : new Decimal(priceUnit).abs().toFixed();
  const out: Record<string, unknown> = {
    name,
    quantity: new Decimal(quantity).abs().toFixed(),
    unitPrice,
    unitCode: unitCode(line, label, mappings, problems, field('product_uom_id')),
    taxCategory: tax.category,
    expected: { net: new Decimal(net).abs().toFixed(places) },
  };
  if (new Decimal(discount).gt(0)) {
    // Odoo's net is gross x (1 - discount%) rounded once; the allowance is the difference,
    // so our line net equals Odoo's price_subtotal.
    const gross = new Decimal(quantity).abs().mul(unitPrice);
    const allowance = gross.minus(new Decimal(net).abs()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    out.allowanceCharges = [
      {
        kind: 'allowance',
        amount: Decimal.max(allowance, 0).toFixed(2),
        reasonCode: '95',
        reason: `Discount ${discount}%`,
      },
    ];
  }
  return out;
}

function unitCode(
  line: OdooRecord,
  label: string,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  field: string,
): string {
  const uom = m2oName(line.product_uom_id);
  if (!uom) return 'PCE';
  const mapped = mappings.uom.get(uom);
  if (mapped) return mapped.unitCode;
  if (/^units?$/i.test(uom)) return 'PCE';
  problems.push({
    field,
    rule: `${label}: unit of measure "${uom}" has no UN/ECE code: PUT /connectors/<id>/mappings/uom/${uom}`,
  });
  return 'PCE';
}

interface LineTax {
  category: Record<string, unknown>;
  /** The VAT rate (percent text) the category carries. */
  rate: string;
  /** The line's price_unit includes this VAT (price_include). */
  priceIncluded: boolean;
}

const FALLBACK: LineTax = { category: { code: 'S', rate: '15' }, rate: '15', priceIncluded: false };

/**
 * The one VAT category of a line. Withholding taxes are refused; several taxes are refused
 * unless the mapping marks all but one as not VAT (`{"ignore": true}`, only for taxes without
 * an amount); a tax-included price is remembered so the price can be made tax-exclusive.
 */
function lineTax(
  line: OdooRecord,
  label: string,
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  field: string,
): LineTax {
  const ids = Array.isArray(line.tax_ids) ? (line.tax_ids as number[]) : [];
  const vat: { id: number; tax: OdooRecord | undefined; mapping: TaxMapping | undefined }[] = [];
  let refused = false;
  for (const id of ids) {
    const tax = doc.taxes.find((t) => t.id === id);
    const mapping = mappings.tax.get(String(id));
    const name = taxName(tax, id);
    const amount = tax ? odooDecimal(tax.amount ?? 0, 4, 'account.tax.amount') : '0';
    if (tax?.l10n_sa_is_retention === true || new Decimal(amount).isNegative()) {
      problems.push({
        field,
        rule:
          `${label}: withholding tax ${name} (${amount}%) is not allowed: a ZATCA invoice ` +
          'carries VAT only and a negative tax would lower it. Remove the tax from the line ' +
          '(record the withholding on the payment)',
      });
      refused = true;
      continue;
    }
    if (mapping?.ignore) {
      if (!new Decimal(amount).isZero()) {
        problems.push({
          field,
          rule:
            `${label}: tax ${name} is mapped as not VAT ({"ignore": true}) but adds ${amount}` +
            `${tax?.amount_type === 'percent' ? '%' : ''}; ignoring it would leave that amount ` +
            'out of the invoice. Remove the tax from the line or map it to a VAT category',
        });
        refused = true;
      }
      continue;
    }
    vat.push({ id, tax, mapping });
  }
  if (refused) return FALLBACK;
  if (vat.length === 0) {
    problems.push({
      field,
      rule:
        `${label}: no VAT tax; every ZATCA line has one VAT category. For zero-rated, exempt ` +
        'or out-of-scope supplies put a 0% tax with its exemption reason on the line',
    });
    return FALLBACK;
  }
  if (vat.length > 1) {
    problems.push({
      field,
      rule:
        `${label}: ${vat.length} taxes (${vat.map((v) => taxName(v.tax, v.id)).join(', ')}); ` +
        'a ZATCA line has exactly one VAT category. Keep one VAT tax on the line; a tax that ' +
        'is not VAT and adds nothing can be mapped with PUT /connectors/<id>/mappings/tax/<tax id> ' +
        '{"value":{"ignore":true}}',
    });
    return FALLBACK;
  }
  const [{ id, tax, mapping }] = vat;
  const priceIncluded = tax?.price_include === true;
  if (mapping?.category) {
    const rate = mapping.rate ?? (mapping.category === 'S' ? '15' : '0');
    const category = fromMapping(mapping, rate);
    if (tax?.amount_type === 'percent') {
      const odooRate = odooDecimal(tax.amount, 4, 'account.tax.amount');
      if (!new Decimal(odooRate).eq(rate)) {
        problems.push({
          field,
          rule:
            `${label}: Odoo computes ${odooRate}% with tax ${taxName(tax, id)} but its mapping ` +
            `says category ${mapping.category} at ${rate}%: fix the mapping or the tax`,
        });
      }
    }
    return { category, rate, priceIncluded };
  }
  const derived = tax ? derive(tax) : null;
  if (!derived) {
    problems.push({
      field,
      rule: `${label}: Odoo tax ${taxName(tax, id)} has no ZATCA category: PUT /connectors/<id>/mappings/tax/${id}`,
    });
    return FALLBACK;
  }
  return { category: derived, rate: derived.rate as string, priceIncluded };
}

function taxName(tax: OdooRecord | undefined, id: number): string {
  return `"${typeof tax?.name === 'string' ? tax.name : id}" (id ${id})`;
}

function fromMapping(m: TaxMapping, rate: string): Record<string, unknown> {
  return {
    code: m.category,
    rate,
    ...(m.exemptionReasonCode ? { exemptionReasonCode: m.exemptionReasonCode } : {}),
    ...(m.exemptionReason ? { exemptionReason: m.exemptionReason } : {}),
  };
}

/**
 * The SA chart's own taxes: 15%/5% standard; 0% with l10n_sa_edi's exemption code, whose code
 * list says Z, E or O. Anything else needs a tax mapping.
 */
function derive(tax: OdooRecord): Record<string, unknown> | null {
  if (tax.amount_type !== 'percent') return null;
  const rate = odooDecimal(tax.amount, 2, 'account.tax.amount');
  const code = text(tax.l10n_sa_exemption_reason_code);
  if ((rate === '15' || rate === '5') && !code) return { code: 'S', rate };
  if (rate === '0' && code) {
    const category = (Object.keys(EXEMPTION_REASONS) as Exclude<TaxCategoryCode, 'S'>[]).find(
      (c) => code in EXEMPTION_REASONS[c],
    );
    if (!category) return null;
    return { code: category, rate: '0', exemptionReasonCode: code };
  }
  return null;
}
