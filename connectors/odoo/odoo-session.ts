import type {
  ConnectorSession,
  ErpDocument,
  MappedInvoice,
  PollResult,
  PrepareOptions,
  PrepareReport,
  RecordHint,
  WriteBackOptions,
  WriteBackOutcome,
  WriteBackResult,
} from '../../src/connectors/connector';
import { MappingError } from '../../src/connectors/connector-errors';
import type { CanonicalMappings } from '../../src/connectors/mapping/mapping-settings';
import { ensureWebhookRule } from './odoo-automation';
import { checkCompetingEdi } from './odoo-competing-edi';
import { afterCursor, formatCursor, parseCursor } from './odoo-cursor';
import { mapOdooDocument } from './odoo-mapper';
import { probeOdoo, type OdooProbe } from './odoo-probe';
import { pollMoves, readDocument, type OdooDocumentData } from './odoo-reader';
import type { OdooRpcClient } from './odoo-rpc-client';
import type { OdooSettings } from './odoo-settings';
import { odooWebhookHints } from './odoo-webhook';
import { ensureResultFields, writeResult } from './odoo-write-back';

/** One connection's session: the contract's methods over Odoo JSON-RPC. */
export class OdooSession implements ConnectorSession {
  constructor(
    private readonly client: OdooRpcClient,
    private readonly settings: OdooSettings,
    /** Probe results shared by the sessions of one connection (field names do not change). */
    private readonly probes: Map<string, OdooProbe>,
    private readonly connectionId: string,
    /** Where this connection's probe is kept in `probes`. */
    private readonly probeKey: string = connectionId,
  ) {}

  async prepare(options: PrepareOptions = {}): Promise<PrepareReport> {
    await this.client.authenticate();
    const probe = await probeOdoo(this.client);
    this.probes.set(this.probeKey, probe);
    await checkCompetingEdi(this.client, options.resolve);
    await ensureResultFields(this.client);
    return {
      webhook: await ensureWebhookRule(
        this.client,
        probe.major,
        this.connectionId,
        options.webhookUrl,
      ),
    };
  }

  async poll(cursorText: string | null): Promise<PollResult> {
    const cursor = parseCursor(cursorText);
    const moves = await pollMoves(this.client, await this.probe(), cursor, this.settings.pageSize);
    // The query already starts after the cursor; the filter guards against an ERP that ignores
    // part of the domain.
    const fresh = moves.filter((m) => afterCursor(cursor, String(m.write_date), m.id));
    const last = moves.at(-1);
    return {
      hints: fresh.map((m) => ({ recordId: String(m.id), version: String(m.write_date) })),
      cursor: last ? formatCursor({ writeDate: String(last.write_date), id: last.id }) : null,
    };
  }

  webhookHints(body: unknown): RecordHint[] {
    return odooWebhookHints(body);
  }

  async load(recordId: string): Promise<ErpDocument> {
    const data = await readDocument(this.client, await this.probe(), Number(recordId));
    if (!data)
      return { recordId, version: '', postable: false, skipReason: 'deleted in Odoo', data: null };
    const { move } = data;
    const customerDoc = move.move_type === 'out_invoice' || move.move_type === 'out_refund';
    const posted = move.state === 'posted';
    return {
      recordId,
      version: String(move.write_date),
      postable: customerDoc && posted,
      skipReason: !customerDoc
        ? `not a customer invoice (${String(move.move_type)})`
        : !posted
          ? `state ${String(move.state)}`
          : undefined,
      data,
    };
  }

  map(document: ErpDocument, mappings: CanonicalMappings): Promise<MappedInvoice> {
    const data = document.data as OdooDocumentData;
    // Odoo's own ZATCA module already handled this one: refusing beats a second submission.
    if (data.move.edi_state !== undefined && data.move.edi_state !== false) {
      throw new MappingError([
        {
          field: 'edi_state',
          rule: `Odoo's own ZATCA module (l10n_sa_edi) handles this invoice (edi_state ${JSON.stringify(data.move.edi_state)})`,
        },
      ]);
    }
    return Promise.resolve(mapOdooDocument(data, mappings));
  }

  writeBack(
    recordId: string,
    result: WriteBackResult,
    options: WriteBackOptions = {},
  ): Promise<WriteBackOutcome> {
    return writeResult(this.client, Number(recordId), result, options.onlyAt);
  }

  private async probe(): Promise<OdooProbe> {
    let probe = this.probes.get(this.probeKey);
    if (!probe) {
      probe = await probeOdoo(this.client);
      this.probes.set(this.probeKey, probe);
    }
    return probe;
  }
}
