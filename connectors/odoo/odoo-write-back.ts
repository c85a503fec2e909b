import type { WriteBackOutcome, WriteBackResult } from '../../src/connectors/connector';
import { ErpRecordGoneError } from '../../src/connectors/connector-errors';
import { RESULT_FIELDS } from './odoo-fields';
import type { OdooRecord } from './odoo-reader';
import { OdooRpcError, type OdooRpcClient } from './odoo-rpc-client';

/**
 * Creates the x_zatca_* fields on account.move once (manual fields over RPC, no module;
 * docs/erp-protocols.md 1.5). Existing fields are left alone, so a restart is harmless.
 */
export async function ensureResultFields(client: OdooRpcClient): Promise<void> {
  const [modelId] = await client.execute<number[]>('ir.model', 'search', [
    [['model', '=', 'account.move']],
  ]);
  for (const field of RESULT_FIELDS) {
    const found = await client.execute<number[]>('ir.model.fields', 'search', [
      [
        ['model', '=', 'account.move'],
        ['name', '=', field.name],
      ],
    ]);
    if (found.length) continue;
    await client.execute('ir.model.fields', 'create', [
      { model_id: modelId, ...field, copied: false },
    ]);
  }
}

/**
 * The result into the posted move: the x_zatca_* fields (never Odoo's own l10n_sa_*), the XML
 * as an attachment, and a chatter note in words. Reads write_date before (with `onlyAt`,
 * nothing is written unless it is one of them) and after the write: the host keeps the latter
 * to recognise its own change when polling, only if the former was a version it knew. Odoo
 * has no compare-and-set: an edit between the first read and the write is not seen.
 */
export async function writeResult(
  client: OdooRpcClient,
  moveId: number,
  result: WriteBackResult,
  onlyAt?: readonly string[],
): Promise<WriteBackOutcome> {
  const before = await readWriteDate(client, moveId);
  if (onlyAt && (before === null || !onlyAt.includes(before))) {
    return { before, written: false, version: null };
  }
  if (before === null) throw gone(moveId);
  try {
    return await writeValues(client, moveId, result, before);
  } catch (err) {
    // Deleted between the read and the write: Odoo's write says MissingError.
    if (err instanceof OdooRpcError && err.exception === 'odoo.exceptions.MissingError') {
      throw gone(moveId);
    }
    throw err;
  }
}

const gone = (moveId: number) =>
  new ErpRecordGoneError(`account.move ${moveId} no longer exists in Odoo (deleted)`);

async function writeValues(
  client: OdooRpcClient,
  moveId: number,
  result: WriteBackResult,
  before: string,
): Promise<WriteBackOutcome> {
  const values: Record<string, unknown> = {
    x_zatca_status: result.status,
    x_zatca_message: result.message,
  };
  if (result.uuid) values.x_zatca_uuid = result.uuid;
  if (result.invoiceHash) values.x_zatca_hash = result.invoiceHash;
  if (result.qr) values.x_zatca_qr = result.qr;
  if (result.icv !== undefined) values.x_zatca_icv = result.icv;
  await client.execute('account.move', 'write', [[moveId], values]);
  const attachments: number[] = [];
  if (result.xml) {
    attachments.push(
      await client.execute<number>('ir.attachment', 'create', [
        {
          name: result.xml.fileName,
          datas: Buffer.from(result.xml.content, 'utf8').toString('base64'),
          res_model: 'account.move',
          res_id: moveId,
          mimetype: 'application/xml',
        },
      ]),
    );
  }
  await client.execute('account.move', 'message_post', [[moveId]], {
    body: `ZATCA: ${result.status}. ${escapeHtml(result.message)}`,
    attachment_ids: attachments,
    message_type: 'comment',
    subtype_xmlid: 'mail.mt_note',
  });
  return { before, written: true, version: await readWriteDate(client, moveId) };
}

/** The move's write_date, null when it is gone. */
async function readWriteDate(client: OdooRpcClient, moveId: number): Promise<string | null> {
  const [move] = await client.execute<OdooRecord[]>('account.move', 'read', [[moveId]], {
    fields: ['id', 'write_date'],
  });
  return typeof move?.write_date === 'string' ? move.write_date : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
