import type { OdooCursor } from './odoo-cursor';
import { m2oId } from './odoo-values';
import { LINE_FIELDS, MOVE_FIELDS, TAX_FIELDS } from './odoo-fields';
import type { OdooProbe } from './odoo-probe';
import type { OdooRpcClient } from './odoo-rpc-client';

export type OdooRecord = Record<string, unknown> & { id: number };

/** Everything the mapper needs about one account.move, read in batched calls. */
export interface OdooDocumentData {
  move: OdooRecord;
  lines: OdooRecord[];
  buyer: OdooRecord | null;
  company: OdooRecord;
  seller: OdooRecord | null;
  currency: OdooRecord;
  taxes: OdooRecord[];
  /** The invoice a credit note reverses (reversed_entry_id). */
  original: OdooRecord | null;
  probe: OdooProbe;
}

const POSTED_CUSTOMER_DOCS = [
  ['move_type', 'in', ['out_invoice', 'out_refund']],
  ['state', '=', 'posted'],
];

/**
 * The polling query of docs/erp-protocols.md 1.1/1.3, with the fields this database has: the
 * records after the cursor in (write_date, id) order. Comparing the pair, not write_date alone,
 * matters: with `write_date >= since` a page full of records from the cursor's own second
 * (a batch posted at once) would come back again and again and the cursor would never move.
 */
export function pollMoves(
  client: OdooRpcClient,
  probe: OdooProbe,
  after: OdooCursor,
  limit: number,
): Promise<OdooRecord[]> {
  return client.execute<OdooRecord[]>(
    'account.move',
    'search_read',
    [
      [
        ...POSTED_CUSTOMER_DOCS,
        '|',
        ['write_date', '>', after.writeDate],
        '&',
        ['write_date', '=', after.writeDate],
        ['id', '>', after.id],
      ],
    ],
    {
      fields: MOVE_FIELDS.filter((f) => probe.moveFields.includes(f)),
      order: 'write_date asc, id asc',
      limit,
    },
  );
}

export async function readDocument(
  client: OdooRpcClient,
  probe: OdooProbe,
  moveId: number,
): Promise<OdooDocumentData | null> {
  const [move] = await client.execute<OdooRecord[]>('account.move', 'read', [[moveId]], {
    fields: probe.moveFields,
  });
  if (!move) return null;
  const lineIds = Array.isArray(move.invoice_line_ids) ? move.invoice_line_ids : [];
  const lines = lineIds.length
    ? await client.execute<OdooRecord[]>('account.move.line', 'read', [lineIds], {
        fields: LINE_FIELDS,
      })
    : [];
  const taxIds = [
    ...new Set(lines.flatMap((l) => (Array.isArray(l.tax_ids) ? (l.tax_ids as number[]) : []))),
  ];
  const taxFields = TAX_FIELDS;
  const taxes = taxIds.length
    ? await client.execute<OdooRecord[]>('account.tax', 'read', [taxIds], { fields: taxFields })
    : [];
  const partnerFields = [
    ...probe.partnerFields,
    ...Object.values(probe.partnerKsa).filter((f): f is string => f !== null),
  ];
  const companyId = m2oId(move.company_id);
  const [company] = await client.execute<OdooRecord[]>('res.company', 'read', [[companyId]], {
    fields: ['id', 'name', 'vat', 'partner_id', 'currency_id'],
  });
  const partnerIds = [
    m2oId(move.commercial_partner_id) ?? m2oId(move.partner_id),
    m2oId(company?.partner_id),
  ].filter((id): id is number => id !== null);
  const partners = partnerIds.length
    ? await client.execute<OdooRecord[]>('res.partner', 'read', [[...new Set(partnerIds)]], {
        fields: partnerFields,
      })
    : [];
  const byId = (id: number | null) => partners.find((p) => p.id === id) ?? null;
  // `rate` is computed for the context's date and company (res.currency
  // _compute_current_rate): the rate of the invoice date, as Odoo converted the invoice.
  const [currency] = await client.execute<OdooRecord[]>(
    'res.currency',
    'read',
    [[m2oId(move.currency_id)]],
    {
      fields: ['id', 'name', 'decimal_places', 'rate'],
      context: {
        ...(typeof move.invoice_date === 'string' ? { date: move.invoice_date } : {}),
        ...(companyId !== null ? { company_id: companyId } : {}),
      },
    },
  );
  const originalId = m2oId(move.reversed_entry_id);
  const [original] = originalId
    ? await client.execute<OdooRecord[]>('account.move', 'read', [[originalId]], {
        fields: ['id', 'name', 'invoice_date', 'move_type', 'state'],
      })
    : [null];
  return {
    move,
    lines,
    buyer: byId(m2oId(move.commercial_partner_id) ?? m2oId(move.partner_id)),
    company,
    seller: byId(m2oId(company?.partner_id)),
    currency,
    taxes,
    original: original ?? null,
    probe,
  };
}
