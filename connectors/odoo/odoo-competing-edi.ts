import { ConnectorRefusedError } from '../../src/connectors/connector-errors';
import { OdooRpcError, type OdooRpcClient } from './odoo-rpc-client';
import type { OdooRecord } from './odoo-reader';

export const RESOLVE_REMOVE_FROM_JOURNALS = 'remove-odoo-zatca-from-journals';

/**
 * Odoo's own ZATCA module (l10n_sa_edi) submits invoices of sales journals that carry the
 * `sa_zatca` EDI format. Both submitting would give ZATCA every invoice twice, with two chains.
 * The connection is refused until the admin removes the format from the journals (in Odoo, or
 * by starting with resolve=remove-odoo-zatca-from-journals, which does the verified write).
 */
export async function checkCompetingEdi(client: OdooRpcClient, resolve?: string): Promise<void> {
  let formatIds: number[];
  try {
    formatIds = await client.execute<number[]>('account.edi.format', 'search', [
      [['code', '=', 'sa_zatca']],
    ]);
  } catch (err) {
    // No account_edi at all: nothing can compete.
    if (err instanceof OdooRpcError && /doesn't exist/.test(err.message)) return;
    throw err;
  }
  if (formatIds.length === 0) return;
  const journals = await client.execute<OdooRecord[]>(
    'account.journal',
    'search_read',
    [
      [
        ['type', '=', 'sale'],
        ['edi_format_ids', 'in', formatIds],
      ],
    ],
    { fields: ['id', 'name'] },
  );
  if (journals.length === 0) return;
  if (resolve === RESOLVE_REMOVE_FROM_JOURNALS) {
    await client.execute('account.journal', 'write', [
      journals.map((j) => j.id),
      { edi_format_ids: formatIds.map((id) => [3, id]) },
    ]);
    return;
  }
  const names = journals.map((j) => `"${String(j.name)}" (id ${j.id})`).join(', ');
  throw new ConnectorRefusedError(
    `Odoo's own ZATCA module (l10n_sa_edi) is active on sales journal(s) ${names} and would ` +
      'submit the same invoices to ZATCA. Choose one submitter. To use this connector: in Odoo, ' +
      'Accounting → Configuration → Journals → <journal> → Advanced Settings → Electronic Data ' +
      'Interchange, untick "ZATCA" (or uninstall l10n_sa_edi), then POST /connectors/<id>/start ' +
      `again; or POST /connectors/<id>/start with {"resolve":"${RESOLVE_REMOVE_FROM_JOURNALS}"} ` +
      'and the connector removes it for you. To keep Odoo submitting, delete this connection.',
  );
}
