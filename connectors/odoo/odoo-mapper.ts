import { randomUUID } from 'node:crypto';
import type { MappedInvoice } from '../../src/connectors/connector';
import { MappingError, type MappingProblem } from '../../src/connectors/connector-errors';
import type { CanonicalMappings } from '../../src/connectors/mapping/mapping-settings';
import { exchangeRateOf } from './odoo-currency';
import { odooAmount } from './odoo-decimal';
import { mapLines } from './odoo-lines';
import type { OdooDocumentData, OdooRecord } from './odoo-reader';
import { subtypeOf } from './odoo-subtype';
import { m2oId, m2oName, odooUtc, text } from './odoo-values';

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
  const subtype = subtypeOf(move, doc.buyer, buyer, mappings, problems);
  const lines = mapLines(doc, mappings, problems, places);

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
  if (currency !== 'SAR') invoice.exchangeRate = exchangeRateOf(doc, currency, problems);
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

/** "Reversal of: INV/2026/00002, Returned goods" → "Returned goods"; or l10n_sa_reason. */
function noteReason(move: OdooRecord): string | undefined {
  const ref = text(move.ref);
  const match = ref ? /^Reversal of: [^,]+,\s*(.+)$/.exec(ref) : null;
  return match?.[1]?.trim() || text(move.l10n_sa_reason) || undefined;
}
