import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../../audit';
import { IntakeService } from '../../invoices/intake.service';
import { InvalidInvoiceError } from '../../invoices/intake-errors';
import type { ErpDocument, PrepareReport, RecordHint } from '../connector';
import { ConnectorRefusedError, MappingError, type MappingProblem } from '../connector-errors';
import type { ConnectionEntity } from '../entities/connection.entity';
import { ConnectionsService } from './connections.service';
import { errorText, ingestFailureProblems, RETRIES_PER_POLL } from './ingest-failure';
import { MappingsService } from './mappings.service';
import { abortsPoll } from './poll-aborting-errors';
import { RecordLocks } from './record-locks';
import { RecordsService } from './records.service';
import { connectionAuditEntry, recordAuditEntry } from './record-audit';
import { WriteBackOutbox } from './write-back-outbox';

export type IngestOutcome =
  | 'submitted'
  | 'already-submitted'
  | 'own-write'
  | 'unchanged'
  | 'not-postable'
  | 'mapping-failed'
  | 'ingest-failed';

/**
 * The host side of every connector: start (prepare), poll with a persisted cursor, webhook
 * hints, and ingest: load, map, hand to the intake once, queue the write-back.
 */
@Injectable()
export class ConnectorRunner {
  private readonly logger = new Logger(ConnectorRunner.name);
  private readonly locks = new RecordLocks();
  private readonly polling = new Map<string, Promise<number>>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly mappings: MappingsService,
    private readonly records: RecordsService,
    private readonly outbox: WriteBackOutbox,
    private readonly intake: IntakeService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Prepares the connection in the ERP (fields, checks, its webhook when the ERP has them and
   * CONNECTOR_PUBLIC_URL is set); `refused` with the connector's words when it must not run.
   * The state message says what became of the webhook.
   */
  async start(id: string, options: { resolve?: string } = {}): Promise<ConnectionEntity> {
    const row = await this.connections.get(id);
    let report: PrepareReport | void = undefined;
    try {
      const webhookUrl = await this.connections.webhookUrl(row);
      report = await this.connections.session(row).prepare({ ...options, webhookUrl });
      await this.connections.setState(id, 'active', report?.webhook?.message ?? null);
    } catch (err) {
      if (!(err instanceof ConnectorRefusedError)) throw err;
      await this.connections.setState(id, 'refused', err.message);
    }
    const after = await this.connections.get(id);
    await this.audit.append(
      connectionAuditEntry(
        id,
        after.state === 'active' ? 'connection.started' : 'connection.refused',
        {
          message: after.stateMessage,
          resolve: options.resolve ?? null,
          webhook: report?.webhook?.state ?? null,
        },
      ),
    );
    return after;
  }

  /**
   * Pauses a running connection: no polls, webhooks answered 202 and ignored, write-backs held
   * (WriteBackOutbox). Answers once this process's poll in progress has finished, so nothing
   * of this connection runs here after it. Records posted meanwhile wait in the ERP: the
   * cursor stays where the last finished poll left it.
   */
  async pause(id: string): Promise<ConnectionEntity> {
    const row = await this.connections.get(id);
    if (row.state === 'paused') return row;
    const message =
      `paused at ${new Date().toISOString()}: no polling, webhooks ignored, write-backs held; ` +
      `POST /connectors/${id}/resume goes on from the cursor`;
    if (!(await this.connections.transition(id, 'active', 'paused', message))) {
      throw new ConflictException(
        `connection ${id} is ${row.state}, not running: nothing to pause (POST /connectors/${id}/start runs it)`,
      );
    }
    await this.polling.get(id)?.catch(() => undefined);
    await this.audit.append(connectionAuditEntry(id, 'connection.paused', { cursor: row.cursor }));
    return this.connections.get(id);
  }

  /** Resumes a paused connection from its cursor (the next poll takes what was posted meanwhile). */
  async resume(id: string): Promise<ConnectionEntity> {
    const row = await this.connections.get(id);
    if (row.state === 'active') return row;
    const message = `resumed at ${new Date().toISOString()}, polling from the cursor`;
    if (!(await this.connections.transition(id, 'paused', 'active', message))) {
      throw new ConflictException(
        `connection ${id} is ${row.state}, not paused: POST /connectors/${id}/start runs it`,
      );
    }
    await this.audit.append(connectionAuditEntry(id, 'connection.resumed', { cursor: row.cursor }));
    return this.connections.get(id);
  }

  /** One poll of an active connection; returns how many records were submitted. */
  pollOnce(id: string): Promise<number> {
    let run = this.polling.get(id);
    if (!run) {
      run = this.poll(id).finally(() => this.polling.delete(id));
      this.polling.set(id, run);
    }
    return run;
  }

  private async poll(id: string): Promise<number> {
    const row = await this.connections.get(id);
    if (row.state !== 'active') return 0;
    const session = this.connections.session(row);
    let submitted = 0;
    let cursor = row.cursor;
    try {
      const page = await session.poll(row.cursor);
      // A failure on one record is recorded on it by ingest; only abortsPoll's errors get here.
      for (const hint of page.hints) {
        if ((await this.ingest(row, hint)) === 'submitted') submitted += 1;
      }
      // The cursor moves only after every hint was handled: a crash re-reads, never skips. The
      // retries of earlier failures below do not hold it back if they stop the poll.
      cursor = page.cursor ?? row.cursor;
      const seen = new Set(page.hints.map((h) => h.recordId));
      for (const failed of await this.records.failedToRetry(id, RETRIES_PER_POLL)) {
        if (seen.has(failed.recordId)) continue;
        if ((await this.ingest(row, { recordId: failed.recordId })) === 'submitted') submitted += 1;
      }
      await this.connections.recordPoll(id, cursor, null);
    } catch (err) {
      const message = this.connections.withoutSecrets(row, errorText(err));
      this.logger.warn(`poll of ${id} failed: ${message}`);
      await this.connections.recordPoll(id, cursor, message);
    }
    return submitted;
  }

  /**
   * Webhook delivery: hints only (polling stays the source of truth); drafts are ignored. A
   * record that cannot be taken is recorded as for a poll; the ERP being down is only logged.
   */
  webhook(row: ConnectionEntity, body: unknown): { accepted: string[] } {
    const hints = this.connections.session(row).webhookHints(body);
    for (const hint of hints) {
      void this.ingest(row, hint).catch((err: unknown) =>
        this.logger.warn(
          `webhook ingest of ${row.id}/${hint.recordId} failed: ` +
            `${this.connections.withoutSecrets(row, errorText(err))}; the next poll takes it`,
        ),
      );
    }
    return { accepted: hints.map((h) => h.recordId) };
  }

  /**
   * Brings one record to the intake at most once. Serialised per record in this process. An
   * error on this record alone is recorded on it (`ingest-failed`, tried again at each poll);
   * it throws only what abortsPoll says, or when the failure itself cannot be recorded.
   */
  ingest(row: ConnectionEntity, hint: RecordHint): Promise<IngestOutcome> {
    return this.locks.run(`${row.id}\u0000${hint.recordId}`, async () => {
      try {
        return await this.ingestLocked(row, hint);
      } catch (err) {
        if (abortsPoll(err)) throw err;
        await this.recordFailure(row, hint, err);
        return 'ingest-failed';
      }
    });
  }

  private async ingestLocked(row: ConnectionEntity, hint: RecordHint): Promise<IngestOutcome> {
    const known = await this.records.find(row.id, hint.recordId);
    if (known?.invoiceUuid) return 'already-submitted';
    // Nothing of a record that could not be taken was handled: neither its version nor our
    // own write-backs into it make it done.
    const retry = known?.state === 'ingest-failed';
    if (!retry && hint.version && known?.writtenVersion === hint.version) return 'own-write';
    if (!retry && hint.version && known?.erpVersion === hint.version) return 'unchanged';

    const session = this.connections.session(row);
    const document = await session.load(hint.recordId);
    if (!retry && known?.writtenVersion === document.version) return 'own-write';
    if (!document.postable) {
      if (!known || retry) {
        await this.records.save(row.id, hint.recordId, {
          state: 'skipped',
          erpVersion: document.version,
          errorsJson: null,
        });
      }
      return 'not-postable';
    }
    if (known?.state === 'mapping-failed' && known.erpVersion === document.version)
      return 'unchanged';

    try {
      const mapped = await session.map(document, await this.mappings.load(row.id));
      const result = await this.intake.submit({
        source: `connector:${row.id}`,
        recordId: hint.recordId,
        unitId: mapped.unitId,
        invoice: mapped.invoice,
        // Never hold a poll for a clearance: the write-back follows the invoice's final state.
        waitMs: 0,
        actor: `connector:${row.id}`,
      });
      // Queued before the record says submitted: if either fails the record is tried again, the
      // intake answers with the same invoice and the queueing is a no-op the second time.
      await this.outbox.enqueue({
        connectionId: row.id,
        recordId: hint.recordId,
        what: 'invoice',
        invoiceUuid: result.uuid,
        key: `invoice:${result.uuid}`,
      });
      await this.records.save(row.id, hint.recordId, {
        state: 'submitted',
        erpVersion: document.version,
        invoiceUuid: result.uuid,
        errorsJson: null,
      });
      return 'submitted';
    } catch (err) {
      const problems = problemsOf(err);
      if (!problems) throw err;
      await this.refuse(row, document, problems);
      return 'mapping-failed';
    }
  }

  /**
   * Records why a record could not be taken (state `ingest-failed`, the error without secrets);
   * audited and logged when new or different, not at every poll that tries it again.
   */
  private async recordFailure(
    row: ConnectionEntity,
    hint: RecordHint,
    err: unknown,
  ): Promise<void> {
    const problems = ingestFailureProblems(err, (text) =>
      this.connections.withoutSecrets(row, text),
    );
    const errorsJson = JSON.stringify(problems);
    const known = await this.records.find(row.id, hint.recordId);
    const again = known?.state === 'ingest-failed' && known.errorsJson === errorsJson;
    const text = problems.map((p) => `${p.field}: ${p.rule}`).join('; ');
    if (again) {
      this.logger.debug(`record ${row.id}/${hint.recordId} still cannot be taken: ${text}`);
    } else {
      this.logger.warn(`record ${row.id}/${hint.recordId} ${text}`);
      await this.audit.append(
        recordAuditEntry(row.id, hint.recordId, 'record.failed', {
          version: hint.version ?? known?.erpVersion ?? null,
          problems,
        }),
      );
    }
    // Saved at every try: updatedAt orders the retries, least recently tried first.
    await this.records.save(row.id, hint.recordId, {
      state: 'ingest-failed',
      errorsJson,
      ...(hint.version ? { erpVersion: hint.version } : {}),
    });
  }

  private async refuse(
    row: ConnectionEntity,
    document: ErpDocument,
    problems: MappingProblem[],
  ): Promise<void> {
    await this.records.save(row.id, document.recordId, {
      state: 'mapping-failed',
      erpVersion: document.version,
      errorsJson: JSON.stringify(problems),
    });
    await this.audit.append(
      recordAuditEntry(row.id, document.recordId, 'record.refused', {
        version: document.version,
        problems,
      }),
    );
    await this.outbox.enqueue({
      connectionId: row.id,
      recordId: document.recordId,
      what: 'error',
      invoiceUuid: null,
      key: `error:${document.version}`,
    });
  }
}

/**
 * Problems of the record itself (mapping, pre-flight), with the field they name; null for other
 * errors. Not IntakeConflictError: the invoice is valid but cannot be taken now (the unit's
 * certificate expired...), so it is tried again rather than waiting for an ERP edit.
 */
function problemsOf(err: unknown): MappingProblem[] | null {
  if (err instanceof MappingError) return err.problems;
  if (err instanceof InvalidInvoiceError) return err.errors;
  return null;
}
