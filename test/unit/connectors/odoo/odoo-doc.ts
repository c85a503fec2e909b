import type { OdooProbe } from '../../../../connectors/odoo/odoo-probe';
import type { OdooDocumentData, OdooRecord } from '../../../../connectors/odoo/odoo-reader';
import type {
  CanonicalMappings,
  SubtypeMapping,
  TaxMapping,
} from '../../../../src/connectors/mapping/mapping-settings';
import { seedState } from '../../../fakes/odoo/odoo-state';

/** The probe of the captured Odoo 17 database (16 to 18 spell the KSA fields alike). */
export const PROBE: OdooProbe = {
  major: 17,
  moveFields: [],
  partnerFields: [],
  partnerKsa: {
    buildingNumber: 'l10n_sa_edi_building_number',
    additionalNumber: 'l10n_sa_edi_plot_identification',
    idScheme: 'l10n_sa_additional_identification_scheme',
    idNumber: 'l10n_sa_additional_identification_number',
  },
};

/** A line like the captured ones (account.move.line read), with `fields` over it. */
export function line(id: number, fields: Partial<OdooRecord> = {}): OdooRecord {
  return {
    id,
    move_id: [2, 'INV/2026/00002 (PO-7781)'],
    sequence: 100,
    display_type: 'product',
    name: `Item ${id}`,
    product_id: false,
    product_uom_id: [1, 'Units'],
    quantity: 1,
    price_unit: 100,
    discount: 0,
    tax_ids: [1],
    price_subtotal: 100,
    price_total: 115,
    currency_id: [151, 'SAR'],
    ...fields,
  };
}

/** An account.tax as read by the connector (the captured 15% by default). */
export function tax(id: number, fields: Partial<OdooRecord> = {}): OdooRecord {
  return {
    id,
    name: `${typeof fields.amount === 'number' ? fields.amount : 15}%`,
    amount: 15,
    amount_type: 'percent',
    price_include: false,
    l10n_sa_exemption_reason_code: false,
    l10n_sa_is_retention: false,
    tax_group_id: [1, 'VAT Taxes'],
    ...fields,
  };
}

/**
 * What the reader gives the mapper for the captured INV/2026/00002 (two lines, 480 + 72), with
 * parts replaced. Totals of the move follow `move` overrides only: set them with the lines.
 */
export function odooDoc(
  parts: {
    move?: Partial<OdooRecord>;
    lines?: OdooRecord[];
    taxes?: OdooRecord[];
    buyer?: Partial<OdooRecord> | null;
    currency?: Partial<OdooRecord>;
    company?: Partial<OdooRecord>;
  } = {},
): OdooDocumentData {
  const state = seedState();
  const get = (model: string, id: number) => ({ ...state.get(model)!.get(id)! });
  // The stored invoice rate is read only where the database has it (18+): not by default.
  const { invoice_currency_rate: _rate, ...captured } = get('account.move', 2);
  void _rate;
  const move = { ...captured, ...parts.move } as OdooRecord;
  const buyer = parts.buyer === null ? null : { ...get('res.partner', 8), ...(parts.buyer ?? {}) };
  return {
    move,
    lines: parts.lines ?? [get('account.move.line', 5), get('account.move.line', 6)],
    buyer,
    company: { ...get('res.company', 1), ...parts.company },
    seller: get('res.partner', 1),
    currency: { ...get('res.currency', 151), rate: 1, ...parts.currency },
    taxes: parts.taxes ?? [get('account.tax', 1)],
    original: null,
    probe: PROBE,
  };
}

export function mappings(
  parts: {
    tax?: Record<string, TaxMapping>;
    subtype?: Record<string, SubtypeMapping['subtype']>;
  } = {},
): CanonicalMappings {
  return {
    tax: new Map(Object.entries(parts.tax ?? {})),
    unit: new Map([['journal:1', { unitId: 'u1' }]]),
    paymentTerms: new Map(),
    uom: new Map(),
    buyerField: new Map(),
    subtype: new Map(Object.entries(parts.subtype ?? {}).map(([k, v]) => [k, { subtype: v }])),
  };
}
