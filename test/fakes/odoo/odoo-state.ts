import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Rec = Record<string, unknown> & { id: number };
const CAPTURES = join(__dirname, 'captures');

export function capture<T>(name: string): T {
  return JSON.parse(readFileSync(join(CAPTURES, name), 'utf8')) as T;
}

interface LogEntry {
  req: { params: { args: unknown[] } };
  res: { result?: unknown; error?: unknown };
}

/** The captured RPC exchange whose execute_kw model/method match (for seeding and errors). */
export function logged(model: string, method: string): LogEntry {
  const entry = capture<LogEntry[]>('odoo-rpc-log.json').find(
    (e) => e.req.params.args[3] === model && e.req.params.args[4] === method,
  );
  if (!entry) throw new Error(`no capture of ${model}.${method}`);
  return entry;
}

/**
 * The in-memory Odoo database of the fake, seeded from the captures of a real Odoo 17: the
 * posted invoice INV/2026/00002 (id 2) with its two lines, its buyer (partner 8), the seller
 * company as the captured res.company write left it, the SA 15% tax, the sales journal.
 */
export function seedState(): Map<string, Map<number, Rec>> {
  const models = new Map<string, Map<number, Rec>>();
  const put = (model: string, rec: Rec) => {
    if (!models.has(model)) models.set(model, new Map());
    models.get(model)!.set(rec.id, rec);
  };
  const [move] = capture<Rec[]>('odoo-account.move-search_read.json');
  // The company-currency amounts and rate Odoo stores with every invoice (SAR: the same).
  put('account.move', {
    ...move,
    amount_untaxed_signed: move.amount_untaxed,
    amount_tax_signed: move.amount_tax,
    amount_total_signed: move.amount_total,
    invoice_currency_rate: 1,
  });
  for (const line of capture<Rec[]>('odoo-account.move.line-read.json'))
    put('account.move.line', { ...line });
  const [buyer] = capture<Rec[]>('odoo-res.partner-read.json');
  put('res.partner', { ...buyer });
  const companyWrite = (
    logged('res.company', 'write').req.params.args[5] as unknown[]
  )[1] as Record<string, unknown>;
  put('res.partner', {
    id: 1,
    name: companyWrite.name,
    is_company: true,
    vat: companyWrite.vat,
    street: companyWrite.street,
    street2: companyWrite.street2,
    city: companyWrite.city,
    zip: companyWrite.zip,
    state_id: false,
    country_id: [192, 'Saudi Arabia'],
    country_code: 'SA',
    l10n_sa_edi_building_number: companyWrite.l10n_sa_edi_building_number,
    l10n_sa_edi_plot_identification: companyWrite.l10n_sa_edi_plot_identification,
    l10n_sa_additional_identification_scheme: companyWrite.l10n_sa_additional_identification_scheme,
    l10n_sa_additional_identification_number: companyWrite.l10n_sa_additional_identification_number,
    commercial_partner_id: [1, companyWrite.name],
  });
  put('res.company', {
    id: 1,
    name: companyWrite.name,
    vat: companyWrite.vat,
    partner_id: [1, companyWrite.name as string],
    currency_id: [151, 'SAR'],
    chart_template: 'sa',
  });
  put('res.currency', { id: 151, name: 'SAR', decimal_places: 2 });
  put('res.currency', { id: 2, name: 'USD', decimal_places: 2 });
  // "Unit per SAR" (the technical rate): 1 SAR buys 0.266667 USD, i.e. 3.75 SAR per USD.
  put('res.currency.rate', {
    id: 1,
    name: '2026-01-01',
    rate: 1 / 3.75,
    currency_id: [2, 'USD'],
    company_id: [1, 'Test Seller Co'],
  });
  for (const tax of capture<Rec[]>('odoo-tax-search_read.json'))
    put('account.tax', { ...tax, type_tax_use: 'sale' });
  put('account.journal', {
    id: 1,
    name: 'Customer Invoices',
    type: 'sale',
    company_id: [1, 'Test Seller Co'],
    edi_format_ids: [],
  });
  put('ir.model', { id: 427, model: 'account.move', name: 'Journal Entry' });
  // account.move's own fields the automation rule refers to (ids not captured: made up).
  for (const [id, name, ttype] of [
    [1, 'name', 'char'],
    [2, 'state', 'selection'],
    [3, 'move_type', 'selection'],
    [4, 'amount_total', 'monetary'],
    [5, 'write_date', 'datetime'],
  ] as const) {
    put('ir.model.fields', { id, model: 'account.move', name, ttype });
  }
  for (const [id, value, name] of [
    [31, 'draft', 'Draft'],
    [32, 'posted', 'Posted'],
    [33, 'cancel', 'Cancelled'],
  ] as const) {
    put('ir.model.fields.selection', { id, field_id: [2, 'Status'], value, name });
  }
  // base_automation installed, no rule yet (17: rules and their server actions).
  models.set('base.automation', new Map());
  models.set('ir.actions.server', new Map());
  put('ir.attachment', { id: 442, name: 'seed', res_model: 'res.partner', res_id: 1 });
  put('mail.message', { id: 19, model: 'account.move', res_id: 2, body: 'posted' });
  return models;
}
