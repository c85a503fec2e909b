import Decimal from 'decimal.js';
import type { FakeOdoo } from './fake-odoo-server';
import { PyFloat, pythonJsonDumps } from './python-json';
import type { Rec } from './odoo-state';

/**
 * What an accountant does in Odoo, on the fake: post an invoice like the captured
 * INV/2026/00002 (two lines, one with a 10% discount), or reverse one as the reversal wizard
 * does (capture odoo-refund-read.json).
 */
export function postInvoice(odoo: FakeOdoo, overrides: Partial<Rec> = {}): number {
  const template = odoo.table('account.move').get(2)!;
  const id = odoo.newId();
  const lineIds = cloneLines(odoo, template.invoice_line_ids as number[], id);
  const now = odoo.tick();
  odoo.table('account.move').set(id, {
    ...withoutResultFields(template),
    id,
    name: `INV/2026/${String(id).padStart(5, '0')}`,
    invoice_line_ids: lineIds,
    create_date: now,
    write_date: now,
    l10n_sa_confirmation_datetime: now,
    ...overrides,
  });
  // Odoo's automation rules fire (the fake POSTs their webhooks when it has such a rule).
  odoo.notifyPosted(id);
  return id;
}

export function postCreditNote(odoo: FakeOdoo, originalId: number): number {
  const original = odoo.table('account.move').get(originalId)!;
  const negate = (v: unknown) => (typeof v === 'number' ? -Math.abs(v) : v);
  return postInvoice(odoo, {
    name: `RINV/2026/${String(odoo.newId()).padStart(5, '0')}`,
    move_type: 'out_refund',
    reversed_entry_id: [originalId, `${String(original.name)} (PO-7781)`],
    ref: `Reversal of: ${String(original.name)}, Returned goods`,
    // Company-currency amounts of a refund are negative (direction_sign).
    amount_untaxed_signed: negate(original.amount_untaxed_signed),
    amount_tax_signed: negate(original.amount_tax_signed),
    amount_total_signed: negate(original.amount_total_signed),
    currency_id: original.currency_id,
    invoice_currency_rate: original.invoice_currency_rate,
    invoice_date: original.invoice_date,
  });
}

/**
 * The captured invoice in a foreign currency: same figures (480 + 72 = 552) in `currency`,
 * booked in SAR at that currency's rate of the invoice date, each tax line converted and
 * rounded on its own as Odoo does (the seeded USD rate: 3.75 SAR per USD).
 */
export function postForeignInvoice(
  odoo: FakeOdoo,
  options: { currency?: string; invoiceDate?: string; overrides?: Partial<Rec> } = {},
): number {
  const name = options.currency ?? 'USD';
  const currency = [...odoo.table('res.currency').values()].find((c) => c.name === name)!;
  const invoiceDate = options.invoiceDate ?? '2026-11-20';
  const rate = odoo.currencyRate(currency.id, invoiceDate);
  const template = odoo.table('account.move').get(2)!;
  const sar = (v: unknown) =>
    Number(
      new Decimal(String(v))
        .div(new Decimal(String(rate)))
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2),
    );
  const id = postInvoice(odoo, {
    currency_id: [currency.id, name],
    invoice_date: invoiceDate,
    amount_untaxed_signed: sar(template.amount_untaxed),
    amount_tax_signed: sar(template.amount_tax),
    amount_total_signed: Number(
      new Decimal(sar(template.amount_untaxed)).plus(sar(template.amount_tax)).toFixed(2),
    ),
    invoice_currency_rate: rate,
    ...options.overrides,
  });
  for (const lineId of odoo.table('account.move').get(id)!.invoice_line_ids as number[]) {
    odoo.table('account.move.line').get(lineId)!.currency_id = [currency.id, name];
  }
  return id;
}

/** The body Odoo's automation rule sends (capture odoo-webhook-deliveries.jsonl). */
export function webhookBody(odoo: FakeOdoo, id: number): string {
  const move = odoo.table('account.move').get(id)!;
  return pythonJsonDumps({
    _action: 'Send Webhook Notification(#291)',
    _id: id,
    _model: 'account.move',
    amount_total: new PyFloat(move.amount_total as number),
    id,
    move_type: move.move_type,
    name: move.name,
    state: move.state,
    write_date: `${String(move.write_date)}.566893`,
  });
}

/** A move without our x_zatca_* results: the connector creates those fields `copied: false`. */
function withoutResultFields(move: Rec): Rec {
  return Object.fromEntries(
    Object.entries(move).filter(([field]) => !field.startsWith('x_zatca')),
  ) as Rec;
}

function cloneLines(odoo: FakeOdoo, ids: number[], moveId: number): number[] {
  return ids.map((lineId) => {
    const line = odoo.table('account.move.line').get(lineId)!;
    const id = odoo.newId();
    odoo.table('account.move.line').set(id, { ...line, id, move_id: [moveId, `move ${moveId}`] });
    return id;
  });
}
