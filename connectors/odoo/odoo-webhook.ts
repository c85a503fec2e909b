import type { RecordHint } from '../../src/connectors/connector';

/**
 * An automation-rule webhook body (Odoo 17+): `json.dumps(vals, sort_keys=True)` with `_model`,
 * `_id`, `state`, `write_date`... Unsigned and fire-and-forget: a hint only. The rule also
 * fires on create while the move is a draft; those are ignored.
 */
export function odooWebhookHints(body: unknown): RecordHint[] {
  const payload = typeof body === 'string' ? safeJson(body) : body;
  if (!payload || typeof payload !== 'object') return [];
  const vals = payload as Record<string, unknown>;
  if (vals._model !== undefined && vals._model !== 'account.move') return [];
  const id = typeof vals._id === 'number' ? vals._id : vals.id;
  if (typeof id !== 'number' || !Number.isInteger(id)) return [];
  if (vals.state !== 'posted') return [];
  if (
    vals.move_type !== undefined &&
    vals.move_type !== 'out_invoice' &&
    vals.move_type !== 'out_refund'
  ) {
    return [];
  }
  // The webhook's write_date has microseconds; the stored version has whole seconds.
  const version = typeof vals.write_date === 'string' ? vals.write_date.slice(0, 19) : undefined;
  return [{ recordId: String(id), version }];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
