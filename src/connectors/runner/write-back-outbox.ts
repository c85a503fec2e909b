import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual, Not } from 'typeorm';
import { AuditTrail } from '../../audit';
import { isUniqueViolation } from '../../database/unique-violation';
import { InvoiceEntity } from '../../invoices/invoice.entity';
import type { WriteBackResult } from '../connector';
import type { MappingProblem } from '../connector-errors';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../connectors-config';
import { WriteBackEntity } from '../entities/write-back.entity';
import { ConnectionsService } from './connections.service';
import { RecordsService } from './records.service';
import { invoiceWriteBack, mappingErrorWriteBack } from './write-back-result';

/** How long an invoice result waits for the invoice to leave `pending` between looks. */
const PENDING_RECHECK_MS = 250;

/**
 * The durable write-back outbox. Rows are queued when a record is submitted or refused, and
 * written into the ERP once the invoice is final. A failed write is retried with backoff from
 * here; it only reads the invoice, so the invoice is never sent to ZATCA again.
 */
@Injectable()
export class WriteBackOutbox {
  private readonly logger = new Logger(WriteBackOutbox.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: ConnectionsService,
    private readonly records: RecordsService,
    private readonly audit: AuditTrail,
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
  ) {}

  /** Queues a write-back once per id (a repeat is a no-op). */
  async enqueue(
    row: Pick<WriteBackEntity, 'connectionId' | 'recordId' | 'what' | 'invoiceUuid'> & {
      key: string;
    },
  ): Promise<void> {
    const now = new Date().toISOString();
    try {
      await this.dataSource.getRepository(WriteBackEntity).insert({
        id: `${row.connectionId}/${row.recordId}/${row.key}`,
        connectionId: row.connectionId,
        recordId: row.recordId,
        what: row.what,
        invoiceUuid: row.invoiceUuid,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        doneAt: null,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }

  /** The newest write-back of a record, for the status API. */
  latest(connectionId: string, recordId: string): Promise<WriteBackEntity | null> {
    return this.dataSource
      .getRepository(WriteBackEntity)
      .findOne({ where: { connectionId, recordId }, order: { createdAt: 'DESC' } });
  }

  /** Works off every due row once; concurrent calls share one run. */
  drain(): Promise<void> {
    if (!this.running) {
      this.running = this.drainOnce().finally(() => (this.running = null));
    }
    return this.running;
  }

  private async drainOnce(): Promise<void> {
    // Held: a paused connection, and one waiting for a start at a new ERP address. Their rows
    // stay due and go out, without a lost attempt, once the connection runs again.
    const held = (await this.connections.list())
      .filter((c) => c.state === 'paused' || c.state === 'new')
      .map((c) => c.id);
    const due = await this.dataSource.getRepository(WriteBackEntity).find({
      where: {
        state: 'pending',
        nextAttemptAt: LessThanOrEqual(new Date().toISOString()),
        ...(held.length ? { connectionId: Not(In(held)) } : {}),
      },
      order: { nextAttemptAt: 'ASC' },
      take: 50,
    });
    for (const row of due) await this.attempt(row);
  }

  private async attempt(row: WriteBackEntity): Promise<void> {
    const repository = this.dataSource.getRepository(WriteBackEntity);
    let result: WriteBackResult;
    if (row.what === 'invoice') {
      const invoice = await this.dataSource
        .getRepository(InvoiceEntity)
        .findOneBy({ uuid: row.invoiceUuid ?? '' });
      if (!invoice || invoice.state === 'pending') {
        // Not final yet: look again soon; this is not a failed attempt.
        await repository.update({ id: row.id }, { nextAttemptAt: later(PENDING_RECHECK_MS) });
        return;
      }
      result = invoiceWriteBack(invoice);
    } else {
      const record = await this.records.find(row.connectionId, row.recordId);
      result = mappingErrorWriteBack(
        record?.errorsJson ? (JSON.parse(record.errorsJson) as MappingProblem[]) : [],
      );
    }
    // Claim: only the process whose update changes the row writes (no double chatter messages).
    const claimed = await repository.update(
      { id: row.id, state: 'pending', nextAttemptAt: row.nextAttemptAt },
      { nextAttemptAt: later(60_000) },
    );
    if ((claimed.affected ?? 0) === 0) return;
    try {
      const connection = await this.connections.get(row.connectionId);
      const { version } = await this.connections
        .session(connection)
        .writeBack(row.recordId, result);
      await this.records.save(row.connectionId, row.recordId, { writtenVersion: version });
      await repository.update(
        { id: row.id },
        {
          state: 'done',
          attempts: row.attempts + 1,
          doneAt: new Date().toISOString(),
          lastError: null,
        },
      );
      await this.audit.append({
        stream: 'connectors',
        action: 'write-back.done',
        actor: `connector:${row.connectionId}`,
        subjectType: 'erp-record',
        subjectId: `${row.connectionId}/${row.recordId}`,
        data: { status: result.status, invoiceUuid: row.invoiceUuid, attempt: row.attempts + 1 },
      });
    } catch (err) {
      const attempts = row.attempts + 1;
      const delay = Math.min(
        this.config.writeBackRetryMs * 2 ** Math.min(attempts - 1, 20),
        this.config.writeBackMaxDelayMs,
      );
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(
        `write-back ${row.id} failed (attempt ${attempts}): ${message}; retry in ${delay} ms`,
      );
      await repository.update(
        { id: row.id },
        { attempts, lastError: message.slice(0, 500), nextAttemptAt: later(delay) },
      );
      await this.audit.append({
        stream: 'connectors',
        action: 'write-back.failed',
        actor: `connector:${row.connectionId}`,
        subjectType: 'erp-record',
        subjectId: `${row.connectionId}/${row.recordId}`,
        data: { attempt: attempts, error: message.slice(0, 500) },
      });
    }
  }
}

function later(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}
