import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual, Not } from 'typeorm';
import { AuditTrail } from '../../audit';
import { isUniqueViolation } from '../../database/unique-violation';
import { InvoiceEntity } from '../../invoices/invoice.entity';
import type { WriteBackResult } from '../connector';
import { ErpRecordGoneError, type MappingProblem } from '../connector-errors';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../connectors-config';
import { WriteBackEntity } from '../entities/write-back.entity';
import { ConnectionsService } from './connections.service';
import { recordAuditEntry } from './record-audit';
import { RecordsService } from './records.service';
import { changedErrorReason, staleErrorReason } from './stale-error-write-back';
import { invoiceWriteBack, mappingErrorWriteBack } from './write-back-result';
import { knownVersions, ownWrittenVersion } from './write-back-versions';

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
    const plan = await this.plan(row);
    if ('wait' in plan) {
      // Not final yet: look again soon; this is not a failed attempt.
      await repository.update({ id: row.id }, { nextAttemptAt: later(PENDING_RECHECK_MS) });
      return;
    }
    // Claim: only the process whose update changes the row writes (no double chatter messages)
    // or finishes a stale one (one write-back.skipped entry).
    const claimed = await repository.update(
      { id: row.id, state: 'pending', nextAttemptAt: row.nextAttemptAt },
      { nextAttemptAt: later(60_000) },
    );
    if ((claimed.affected ?? 0) === 0) return;
    if ('skip' in plan) {
      await this.finishStale(row, plan.skip);
      return;
    }
    const result = plan.write;
    try {
      const connection = await this.connections.get(row.connectionId);
      const known = knownVersions(await this.records.find(row.connectionId, row.recordId));
      // An error is only true of the version refused: if the accountant changed the record
      // since, nothing is written and the next poll takes the change. An invoice's result is
      // final and always written, but an ERP change under it is not taken for our own echo.
      const outcome = await this.connections
        .session(connection)
        .writeBack(row.recordId, result, row.what === 'error' ? { onlyAt: known } : {});
      if (!outcome.written) {
        await this.finishStale(row, changedErrorReason(row, outcome.before));
        return;
      }
      const own = ownWrittenVersion(outcome, known);
      if (own !== null) {
        await this.records.save(row.connectionId, row.recordId, { writtenVersion: own });
      } else {
        this.logger.log(
          `write-back ${row.id} landed on a version changed in the ERP (${outcome.before}); ` +
            `its version after (${outcome.version}) is not kept as our own`,
        );
      }
      await repository.update(
        { id: row.id },
        {
          state: 'done',
          attempts: row.attempts + 1,
          doneAt: new Date().toISOString(),
          lastError: null,
        },
      );
      await this.audit.append(
        recordAuditEntry(row.connectionId, row.recordId, 'write-back.done', {
          status: result.status,
          invoiceUuid: row.invoiceUuid,
          attempt: row.attempts + 1,
        }),
      );
    } catch (err) {
      if (err instanceof ErpRecordGoneError) {
        await this.abandon(row, err.message);
        return;
      }
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
      await this.audit.append(
        recordAuditEntry(row.connectionId, row.recordId, 'write-back.failed', {
          attempt: attempts,
          error: message.slice(0, 500),
        }),
      );
    }
  }

  /** The ERP record is gone: retrying could never write, so the row ends here, said loudly. */
  private async abandon(row: WriteBackEntity, reason: string): Promise<void> {
    this.logger.warn(`write-back ${row.id} abandoned: ${reason}`);
    await this.dataSource.getRepository(WriteBackEntity).update(
      { id: row.id },
      {
        state: 'abandoned',
        attempts: row.attempts + 1,
        doneAt: new Date().toISOString(),
        lastError: reason.slice(0, 500),
      },
    );
    await this.audit.append(
      recordAuditEntry(row.connectionId, row.recordId, 'write-back.abandoned', {
        what: row.what,
        invoiceUuid: row.invoiceUuid,
        reason: reason.slice(0, 500),
      }),
    );
  }

  /** What a due row needs: its result written, its invoice to become final, or nothing more. */
  private async plan(row: WriteBackEntity): Promise<WriteBackPlan> {
    if (row.what === 'invoice') {
      const invoice = await this.dataSource
        .getRepository(InvoiceEntity)
        .findOneBy({ uuid: row.invoiceUuid ?? '' });
      if (!invoice || invoice.state === 'pending') return { wait: true };
      return { write: invoiceWriteBack(invoice) };
    }
    // An error row says what was true when the record was refused. Once the record was fixed and
    // submitted (an invoice row exists), left mapping-failed, or was refused again for a newer
    // version, writing it would overwrite the truth in the ERP. So an invoice write-back is never
    // followed by an error write for the same record, and of several refusals only the newest is
    // written. (Read before the claim, as the invoice is: should another process submit the
    // record between this read and the ERP write, this one write can still race its result.)
    const record = await this.records.find(row.connectionId, row.recordId);
    const submitted = await this.dataSource
      .getRepository(WriteBackEntity)
      .existsBy({ connectionId: row.connectionId, recordId: row.recordId, what: 'invoice' });
    const stale = staleErrorReason(row, record, submitted);
    if (stale) return { skip: stale };
    return {
      write: mappingErrorWriteBack(
        record?.errorsJson ? (JSON.parse(record.errorsJson) as MappingProblem[]) : [],
      ),
    };
  }

  /** Closes a claimed row that must not be written, nothing written into the ERP; audited. */
  private async finishStale(row: WriteBackEntity, reason: string): Promise<void> {
    await this.dataSource.getRepository(WriteBackEntity).update(
      { id: row.id },
      {
        state: 'done',
        doneAt: new Date().toISOString(),
        lastError: `skipped: ${reason}`.slice(0, 500),
      },
    );
    this.logger.log(`write-back ${row.id} skipped: ${reason}`);
    await this.audit.append(
      recordAuditEntry(row.connectionId, row.recordId, 'write-back.skipped', {
        what: row.what,
        reason,
      }),
    );
  }
}

/** What attempt() does with a due row. */
type WriteBackPlan = { write: WriteBackResult } | { wait: true } | { skip: string };

function later(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}
