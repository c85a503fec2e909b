import type { FakeOdoo } from './fake-odoo-server';
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
    ...template,
    id,
    name: `INV/2026/${String(id).padStart(5, '0')}`,
    invoice_line_ids: lineIds,
    create_date: now,
    write_date: now,
    l10n_sa_confirmation_datetime: now,
    ...overrides,
  });
  return id;
}

export function postCreditNote(odoo: FakeOdoo, originalId: number): number {
  const original = odoo.table('account.move').get(originalId)!;
  return postInvoice(odoo, {
    name: `RINV/2026/${String(odoo.newId()).padStart(5, '0')}`,
    move_type: 'out_refund',
    reversed_entry_id: [originalId, `${String(original.name)} (PO-7781)`],
    ref: `Reversal of: ${String(original.name)}, Returned goods`,
  });
}

/** The body Odoo's automation rule sends (capture odoo-webhook-deliveries.jsonl). */
export function webhookBody(odoo: FakeOdoo, id: number): string {
  const move = odoo.table('account.move').get(id)!;
  const vals = {
    _action: 'Send Webhook Notification(#291)',
    _id: id,
    _model: 'account.move',
    amount_total: move.amount_total,
    id,
    move_type: move.move_type,
    name: move.name,
    state: move.state,
    write_date: `${String(move.write_date)}.566893`,
  };
  // json.dumps(vals, sort_keys=True): keys sorted, ", " and ": " separators.
  return (
    '{' +
    Object.keys(vals)
      .sort()
      .map((k) => `${JSON.stringify(k)}: ${JSON.stringify(vals[k as keyof typeof vals])}`)
      .join(', ') +
    '}'
  );
}

function cloneLines(odoo: FakeOdoo, ids: number[], moveId: number): number[] {
  return ids.map((lineId) => {
    const line = odoo.table('account.move.line').get(lineId)!;
    const id = odoo.newId();
    odoo.table('account.move.line').set(id, { ...line, id, move_id: [moveId, `move ${moveId}`] });
    return id;
  });
}
