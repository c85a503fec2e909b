import type { PrepareReport } from '../../src/connectors/connector';
import { OdooRpcError, type OdooRpcClient } from './odoo-rpc-client';
import type { OdooRecord } from './odoo-reader';

type WebhookReport = NonNullable<PrepareReport['webhook']>;

/** The account.move fields each delivery carries (docs/erp-protocols.md 1.6). */
export const WEBHOOK_FIELDS = ['name', 'move_type', 'state', 'amount_total', 'write_date'];

/** Our rule and action, found again by these names on every start (one per connection). */
export function ruleName(connectionId: string): string {
  return `ZATCA bridge (${connectionId}): posted customer invoice`;
}

export function actionName(connectionId: string): string {
  return `ZATCA bridge (${connectionId}): notify`;
}

const POLLING = 'the connector polls (CONNECTOR_POLL_MS)';

/**
 * The Odoo 17+ automation rule (base.automation, "state set to Posted" on customer invoices and
 * credit notes) with its "Send Webhook Notification" server action (ir.actions.server state
 * `webhook`) to `url`, created over RPC (docs/erp-protocols.md 1.6). Idempotent: our rule is
 * found by name; a changed URL (new public URL or token) is written into its action; a rule
 * the admin archived is left archived. Odoo 16 has no webhook actions, and without a public
 * URL there is nothing to point at: polling only, said in words. Webhooks are hints; polling
 * stays the truth, so a rule that cannot be made never stops the connection.
 */
export async function ensureWebhookRule(
  client: OdooRpcClient,
  major: number,
  connectionId: string,
  url: string | null | undefined,
): Promise<WebhookReport> {
  if (major < 17) {
    return skipped(
      `Odoo ${major} has no webhook actions (they came with 17): no automation rule made, ${POLLING}.`,
    );
  }
  if (!url) {
    return skipped(
      'no public base URL for this host (CONNECTOR_PUBLIC_URL), so Odoo has nowhere to send ' +
        `webhooks: no automation rule made, ${POLLING}. Set it and start the connection again.`,
    );
  }
  try {
    return await ensureRule(client, connectionId, url, major);
  } catch (err) {
    if (!(err instanceof OdooRpcError)) throw err;
    if (/base\.automation doesn't exist/.test(err.message)) {
      return skipped(
        'the Automation Rules module (base_automation) is not installed in Odoo: install it and ' +
          `start the connection again for webhooks; until then ${POLLING}.`,
      );
    }
    if (err.exception === 'odoo.exceptions.AccessError') {
      return skipped(
        'the Odoo user may not create automation rules (it needs Administration / Settings): ' +
          `no webhook; ${POLLING}. ${err.message}`,
      );
    }
    return skipped(`Odoo refused the automation rule (${err.message}): no webhook; ${POLLING}.`);
  }
}

async function ensureRule(
  client: OdooRpcClient,
  connectionId: string,
  url: string,
  major: number,
): Promise<WebhookReport> {
  const [modelId] = await client.execute<number[]>('ir.model', 'search', [
    [['model', '=', 'account.move']],
  ]);
  const [rule] = await client.execute<OdooRecord[]>(
    'base.automation',
    'search_read',
    [
      [
        ['name', '=', ruleName(connectionId)],
        ['model_id', '=', modelId],
      ],
    ],
    { fields: ['id', 'active'], context: { active_test: false }, limit: 1 },
  );
  if (rule && rule.active === false) {
    return skipped(
      `the automation rule "${ruleName(connectionId)}" (id ${rule.id}) is archived in Odoo: ` +
        `left as it is, no webhooks; ${POLLING}. Unarchive it in Odoo to have them again.`,
    );
  }
  let ruleId = rule?.id;
  if (ruleId === undefined) {
    const [stateField] = await client.execute<number[]>('ir.model.fields', 'search', [
      [
        ['model', '=', 'account.move'],
        ['name', '=', 'state'],
      ],
    ]);
    const [posted] = await client.execute<number[]>('ir.model.fields.selection', 'search', [
      [
        ['field_id', '=', stateField],
        ['value', '=', 'posted'],
      ],
    ]);
    ruleId = await client.execute<number>('base.automation', 'create', [
      {
        name: ruleName(connectionId),
        model_id: modelId,
        trigger: 'on_state_set',
        trigger_field_ids: [[6, 0, [stateField]]],
        trg_selection_field_id: posted,
        filter_domain: "[('move_type', 'in', ['out_invoice', 'out_refund'])]",
      },
    ]);
  }
  const [action] = await client.execute<OdooRecord[]>(
    'ir.actions.server',
    'search_read',
    [
      [
        ['base_automation_id', '=', ruleId],
        ['state', '=', 'webhook'],
      ],
    ],
    { fields: ['id', 'webhook_url'], limit: 1 },
  );
  const where = `automation rule "${ruleName(connectionId)}" (id ${ruleId})`;
  const note =
    major >= 19 && isPrivate(url)
      ? ' Note: Odoo 19 and later refuse webhooks to loopback and private addresses.'
      : '';
  if (action && action.webhook_url === url) {
    return { state: 'unchanged', message: `webhook: ${where} already sends to this host.${note}` };
  }
  if (action) {
    await client.execute('ir.actions.server', 'write', [[action.id], { webhook_url: url }]);
    return { state: 'updated', message: `webhook: ${where} now sends to this host's URL.${note}` };
  }
  const fieldIds = await client.execute<number[]>('ir.model.fields', 'search', [
    [
      ['model', '=', 'account.move'],
      ['name', 'in', WEBHOOK_FIELDS],
    ],
  ]);
  await client.execute('ir.actions.server', 'create', [
    {
      name: actionName(connectionId),
      model_id: modelId,
      base_automation_id: ruleId,
      usage: 'base_automation',
      state: 'webhook',
      webhook_url: url,
      webhook_field_ids: [[6, 0, fieldIds]],
    },
  ]);
  return {
    state: rule ? 'updated' : 'created',
    message: `webhook: ${where} sends posted invoices and credit notes to this host.${note}`,
  };
}

function skipped(message: string): WebhookReport {
  return { state: 'skipped', message: `webhook: ${message}` };
}

function isPrivate(url: string): boolean {
  const host = new URL(url).hostname;
  return /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$)/.test(host);
}
