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
  put('account.move', { ...move });
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
  put('res.currency', { id: 151, name: 'SAR', decimal_places: 2, rate: 1 });
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
  put('ir.model.fields', { id: 1, model: 'account.move', name: 'name', ttype: 'char' });
  put('ir.attachment', { id: 442, name: 'seed', res_model: 'res.partner', res_id: 1 });
  put('mail.message', { id: 19, model: 'account.move', res_id: 2, body: 'posted' });
  return models;
}
