import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import type { MappedInvoice } from '../../src/connectors/connector';
import { MappingError, type MappingProblem } from '../../src/connectors/connector-errors';
import type { CanonicalMappings, TaxMapping } from '../../src/connectors/mapping/mapping-settings';
import { odooAmount, odooDecimal } from './odoo-decimal';
import type { OdooDocumentData, OdooRecord } from './odoo-reader';
import { m2oId, m2oName, odooUtc, text } from './odoo-values';

const QTY_PLACES = 6;
const EXEMPT = new Set(['VATEX-SA-29', 'VATEX-SA-29-7', 'VATEX-SA-30']);

/**
 * account.move → canonical invoice. Problems are collected, not thrown one by one, so the
 * accountant sees every field to fix at once; each names the Odoo field.
 */
export function mapOdooDocument(doc: OdooDocumentData, mappings: CanonicalMappings): MappedInvoice {
  const problems: MappingProblem[] = [];
  const { move } = doc;
  const places = Number(doc.currency?.decimal_places ?? 2);
  const currency = m2oName(move.currency_id) ?? 'SAR';
  const amount = (v: unknown, f: string) => odooAmount(v, places, f);

  const unitId = unitFor(move, mappings, problems);
  const buyer = buyerOf(doc, mappings, problems);
  const isCredit = move.move_type === 'out_refund';
  const subtype = buyer?.vatNumber ? 'standard' : 'simplified';

  const lines = doc.lines
    .filter((l) => l.display_type === 'product' || l.display_type === false)
    .map((line, i) => lineOf(line, i, doc, mappings, problems, places));
  if (lines.length === 0) problems.push({ field: 'invoice_line_ids', rule: 'no product lines' });

  const issuedAt = text(move.l10n_sa_confirmation_datetime)
    ? odooUtc(move.l10n_sa_confirmation_datetime as string)
    : text(move.invoice_date)
      ? `${move.invoice_date as string}T00:00:00+03:00`
      : null;
  if (!issuedAt) problems.push({ field: 'invoice_date', rule: 'required on a posted invoice' });

  const invoice: Record<string, unknown> = {
    id: text(move.name) ?? '',
    uuid: randomUUID(),
    issuedAt,
    kind: isCredit ? 'credit-note' : 'invoice',
    subtype,
    currency,
    seller: sellerOf(doc, problems),
    lines,
    expectedTotals: {
      taxExclusiveAmount: amount(move.amount_untaxed, 'amount_untaxed'),
      taxAmount: amount(move.amount_tax, 'amount_tax'),
      taxInclusiveAmount: amount(move.amount_total, 'amount_total'),
    },
  };
  if (buyer) invoice.buyer = buyer;
  const supply = text(move.delivery_date) ?? text(move.invoice_date);
  if (supply) invoice.supplyDate = supply;
  if (currency !== 'SAR') invoice.exchangeRate = exchangeRate(doc.currency, problems);
  const terms = m2oId(move.invoice_payment_term_id);
  const means = terms !== null ? mappings.paymentTerms.get(String(terms)) : undefined;
  if (means) invoice.paymentMeans = [{ code: means.code }];

  if (isCredit) {
    if (!doc.original) {
      problems.push({
        field: 'reversed_entry_id',
        rule: 'a credit note must reverse an invoice (use Odoo\'s "Credit Note" button on the invoice)',
      });
    } else {
      invoice.billingReferences = [
        {
          id: text(doc.original.name) ?? '',
          ...(text(doc.original.invoice_date) ? { issueDate: doc.original.invoice_date } : {}),
        },
      ];
    }
    const reason = noteReason(move);
    if (reason) invoice.noteReason = reason;
    else
      problems.push({
        field: 'ref',
        rule: 'the reason of the credit note is missing (Reversal of: <invoice>, <reason>)',
      });
  } else if (text(move.ref)) {
    invoice.orderReference = (move.ref as string).slice(0, 127);
  }
  if (problems.length) throw new MappingError(problems);
  return { unitId: unitId!, invoice };
}

function unitFor(
  move: OdooRecord,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
): string | null {
  const journal = m2oId(move.journal_id);
  const company = m2oId(move.company_id);
  const found =
    mappings.unit.get(`journal:${journal}`) ??
    mappings.unit.get(`company:${company}`) ??
    mappings.unit.get('*');
  if (!found) {
    problems.push({
      field: 'journal_id',
      rule: `no EGS unit for journal "${m2oName(move.journal_id)}" (id ${journal}): map it with PUT /connectors/<id>/mappings/unit/journal:${journal}`,
    });
    return null;
  }
  return found.unitId;
}

function lineOf(
  line: OdooRecord,
  i: number,
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  places: number,
): Record<string, unknown> {
  const field = (name: string) => `invoice_line_ids[${i}].${name}`;
  const quantity = odooDecimal(line.quantity, QTY_PLACES, field('quantity'));
  const unitPrice = odooDecimal(line.price_unit, QTY_PLACES, field('price_unit'));
  const net = odooAmount(line.price_subtotal, places, field('price_subtotal'));
  const out: Record<string, unknown> = {
    name: text(line.name) ?? m2oName(line.product_id) ?? `Line ${i + 1}`,
    quantity: new Decimal(quantity).abs().toFixed(),
    unitPrice,
    unitCode: unitCode(line, mappings, problems, field('product_uom_id')),
    taxCategory: taxCategory(line, doc, mappings, problems, field('tax_ids')),
    expected: { net },
  };
  const discount = odooDecimal(line.discount ?? 0, 6, field('discount'));
  if (new Decimal(discount).gt(0)) {
    // Odoo's net is gross x (1 - discount%) rounded once; the allowance is the difference,
    // so our line net equals Odoo's price_subtotal.
    const gross = new Decimal(quantity).abs().mul(unitPrice);
    const allowance = gross.minus(net).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    out.allowanceCharges = [
      {
        kind: 'allowance',
        amount: allowance.toFixed(2),
        reasonCode: '95',
        reason: `Discount ${discount}%`,
      },
    ];
  }
  return out;
}

function unitCode(
  line: OdooRecord,
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
    rule: `unit of measure "${uom}" has no UN/ECE code: PUT /connectors/<id>/mappings/uom/${uom}`,
  });
  return 'PCE';
}

function taxCategory(
  line: OdooRecord,
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
  field: string,
): Record<string, unknown> {
  const ids = (Array.isArray(line.tax_ids) ? (line.tax_ids as number[]) : []).filter(
    (id) => !doc.taxes.find((t) => t.id === id)?.l10n_sa_is_retention,
  );
  if (ids.length !== 1) {
    problems.push({ field, rule: `exactly one VAT tax per line (found ${ids.length})` });
    return { code: 'S', rate: '15' };
  }
  const mapped = mappings.tax.get(String(ids[0]));
  if (mapped) return fromMapping(mapped);
  const tax = doc.taxes.find((t) => t.id === ids[0]);
  const derived = tax ? derive(tax) : null;
  if (!derived) {
    problems.push({
      field,
      rule: `Odoo tax "${typeof tax?.name === 'string' ? tax.name : ids[0]}" (id ${ids[0]}) has no ZATCA category: PUT /connectors/<id>/mappings/tax/${ids[0]}`,
    });
    return { code: 'S', rate: '15' };
  }
  return derived;
}

function fromMapping(m: TaxMapping): Record<string, unknown> {
  return {
    code: m.category,
    ...(m.rate !== undefined ? { rate: m.rate } : {}),
    ...(m.exemptionReasonCode ? { exemptionReasonCode: m.exemptionReasonCode } : {}),
    ...(m.exemptionReason ? { exemptionReason: m.exemptionReason } : {}),
  };
}

/** The SA chart's own taxes: 15%/5% standard, 0% with l10n_sa_edi's exemption code. */
function derive(tax: OdooRecord): Record<string, unknown> | null {
  if (tax.amount_type !== 'percent' || tax.price_include === true) return null;
  const rate = odooDecimal(tax.amount, 2, 'account.tax.amount');
  const code = text(tax.l10n_sa_exemption_reason_code);
  if ((rate === '15' || rate === '5') && !code) return { code: 'S', rate };
  if (rate === '0' && code) {
    const category = code === 'VATEX-SA-OOS' ? 'O' : EXEMPT.has(code) ? 'E' : 'Z';
    return { code: category, rate: '0', exemptionReasonCode: code };
  }
  return null;
}

function sellerOf(doc: OdooDocumentData, problems: MappingProblem[]): Record<string, unknown> {
  const partner = doc.seller ?? ({} as OdooRecord);
  const ksa = doc.probe.partnerKsa;
  const address = addressOf(partner, ksa.buildingNumber, 'street2', ksa.additionalNumber);
  for (const key of ['street', 'buildingNumber', 'district', 'city', 'postalZone'] as const) {
    if (!address[key])
      problems.push({
        field: `company_id.partner_id.${sellerField(key, ksa.buildingNumber)}`,
        rule: "required for the seller's national address",
      });
  }
  const seller: Record<string, unknown> = {
    name: text(doc.company?.name) ?? text(partner.name) ?? '',
    vatNumber: text(doc.company?.vat) ?? text(partner.vat) ?? '',
    address,
  };
  const scheme = ksa.idScheme ? text(partner[ksa.idScheme]) : undefined;
  const number = ksa.idNumber ? text(partner[ksa.idNumber]) : undefined;
  if (scheme && number) seller.id = { scheme, value: number };
  return seller;
}

function sellerField(key: string, building: string | null): string {
  return (
    {
      street: 'street',
      buildingNumber: building ?? 'l10n_sa_edi_building_number',
      district: 'street2',
      city: 'city',
      postalZone: 'zip',
    }[key] ?? key
  );
}

function buyerOf(
  doc: OdooDocumentData,
  mappings: CanonicalMappings,
  problems: MappingProblem[],
): Record<string, unknown> | null {
  const partner = doc.buyer;
  if (!partner) return null;
  const ksa = doc.probe.partnerKsa;
  const fieldOf = (
    key: 'buildingNumber' | 'district' | 'additionalNumber' | 'idScheme' | 'idNumber',
    fallback: string | null,
  ) => mappings.buyerField.get(key)?.erpField ?? fallback;
  const address = addressOf(
    partner,
    fieldOf('buildingNumber', ksa.buildingNumber),
    fieldOf('district', 'street2'),
    fieldOf('additionalNumber', ksa.additionalNumber),
  );
  const buyer: Record<string, unknown> = { name: text(partner.name) ?? '', address };
  const vat = text(partner.vat);
  if (vat) buyer.vatNumber = vat;
  const schemeField = fieldOf('idScheme', ksa.idScheme);
  const numberField = fieldOf('idNumber', ksa.idNumber);
  const scheme = schemeField ? text(partner[schemeField]) : undefined;
  const number = numberField ? text(partner[numberField]) : undefined;
  if (scheme && number) buyer.id = { scheme, value: number };
  if (vat && address.country === 'SA' && !address.buildingNumber) {
    problems.push({
      field: `partner_id.${fieldOf('buildingNumber', ksa.buildingNumber) ?? 'building number'}`,
      rule: 'a buyer in Saudi Arabia needs a 4-digit building number (map the field with PUT /connectors/<id>/mappings/buyer-field/buildingNumber)',
    });
  }
  return buyer;
}

function addressOf(
  partner: OdooRecord,
  buildingField: string | null,
  districtField: string | null,
  additionalField: string | null,
): Record<string, string | undefined> {
  const clean = (o: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<
      string,
      string | undefined
    >;
  return clean({
    street: text(partner.street),
    buildingNumber: buildingField ? text(partner[buildingField]) : undefined,
    additionalNumber: additionalField ? text(partner[additionalField]) : undefined,
    district: districtField ? text(partner[districtField]) : undefined,
    city: text(partner.city),
    postalZone: text(partner.zip),
    country: text(partner.country_code) ?? 'SA',
  });
}

/** Odoo's rate is units of the invoice currency per company currency (SAR): SAR per unit = 1/rate. */
function exchangeRate(currency: OdooRecord, problems: MappingProblem[]): string | undefined {
  const rate =
    typeof currency?.rate === 'number' && currency.rate > 0
      ? odooDecimal(currency.rate, 12, 'rate')
      : null;
  if (!rate) {
    problems.push({
      field: 'currency_id.rate',
      rule: 'a foreign-currency invoice needs the currency rate',
    });
    return undefined;
  }
  return new Decimal(1).div(rate).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed();
}

/** "Reversal of: INV/2026/00002, Returned goods" → "Returned goods"; or l10n_sa_reason. */
function noteReason(move: OdooRecord): string | undefined {
  const ref = text(move.ref);
  const match = ref ? /^Reversal of: [^,]+,\s*(.+)$/.exec(ref) : null;
  return match?.[1]?.trim() || text(move.l10n_sa_reason) || undefined;
}
