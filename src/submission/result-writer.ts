import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditInput } from '../audit/audit-entry';
import { AuditTrail } from '../audit/audit-trail.service';
import { GroupCommit } from '../database/group-commit';
import { retryOnDeadlock } from '../database/lock-retry';
import { updateRows } from '../database/raw-writes';
import { inTransaction } from '../database/transactions';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { isoIn, isoNow } from '../pipeline/clock';
import { SubmissionQueue } from '../queue/submission-queue';
import type { SubmissionDecision } from './submission-decision';

/** Results applied in one transaction at most. */
const MAX_BATCH = 64;

/** The outcome of one Fatoora call, to be applied to the invoice, its queue row and the trail. */
export interface AttemptResult {
  /** The invoice as it was submitted. */
  invoice: InvoiceEntity;
  token: string;
  attempt: number;
  decision: SubmissionDecision;
  /** What the audit entry says about the exchange (no secrets, no XML). */
  exchange: Record<string, unknown>;
  archivedPath: string | null;
  /** retry: when the row is due again. */
  retryInMs: number;
}

/**
 * Applies submission results: the invoice's state, its queue row and the audit entry move
 * together in one transaction, and only while the claim is still ours. Results that finish
 * while a transaction runs are applied together by the next (GroupCommit), whatever their unit:
 * with many units each one's results are few, and per-unit batches would be mostly of one.
 */
@Injectable()
export class ResultWriter {
  private readonly batches: GroupCommit<AttemptResult, InvoiceEntity | null>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly audit: AuditTrail,
  ) {
    this.batches = new GroupCommit(
      (results) =>
        retryOnDeadlock(() => inTransaction(this.dataSource, (m) => this.applyBatch(m, results))),
      MAX_BATCH,
    );
  }

  /** The invoice after the result, or null when its claim expired first (nothing applied). */
  apply(result: AttemptResult): Promise<InvoiceEntity | null> {
    return this.batches.submit(result);
  }

  private async applyBatch(
    m: EntityManager,
    results: AttemptResult[],
  ): Promise<Array<InvoiceEntity | null>> {
    const owned = await this.queue.lockOwned(
      m,
      results.map((r) => ({ invoiceUuid: r.invoice.uuid, token: r.token })),
    );
    const now = isoNow();
    const finished: string[] = [];
    const entries: AuditInput[] = [];
    const after: Array<InvoiceEntity | null> = [];
    const updates: Array<{ id: string; changes: Partial<InvoiceEntity> }> = [];
    for (const result of results) {
      const uuid = result.invoice.uuid;
      if (!owned.has(uuid)) {
        after.push(null);
        continue;
      }
      owned.delete(uuid); // a second result for the same claim in this batch is not applied
      const { changes, entry, queue } = this.effects(result, now);
      updates.push({ id: uuid, changes });
      if (queue === 'remove') finished.push(uuid);
      else await this.queue.reschedule(m, uuid, queue.dueAt, result.attempt);
      entries.push({
        ...entry,
        stream: `egs:${result.invoice.unitId}`,
        actor: 'system',
        subjectType: 'invoice',
        subjectId: uuid,
      });
      after.push({ ...result.invoice, ...changes });
    }
    // One statement for all the results of the same kind (the usual batch: all cleared).
    await updateRows(m, InvoiceEntity, updates);
    await this.queue.remove(m, finished);
    await this.audit.appendAllDeferred(entries, m);
    return after;
  }

  /** What one result changes: the invoice columns, the queue row, the audit entry. */
  private effects(
    { decision, exchange, attempt, archivedPath, retryInMs }: AttemptResult,
    now: string,
  ): {
    changes: Partial<InvoiceEntity>;
    queue: 'remove' | { dueAt: string };
    entry: Pick<AuditInput, 'action' | 'data'>;
  } {
    const base = { attempts: attempt, updatedAt: now };
    switch (decision.next) {
      case 'done':
        return {
          changes: {
            ...base,
            state: decision.state,
            zatcaStatus: decision.zatcaStatus,
            zatcaMessages: JSON.stringify(decision.messages),
            clearedXml: decision.clearedXml ?? null,
            completedAt: now,
            lastError: null,
            archivedPath,
          },
          queue: 'remove',
          entry: {
            action: `invoice.${decision.state}`,
            data: {
              ...exchange,
              zatcaStatus: decision.zatcaStatus,
              messages: decision.messages,
              archivedPath,
            },
          },
        };
      case 'dead-letter':
        return {
          changes: {
            ...base,
            state: 'dead-letter',
            deadReason: decision.reason,
            zatcaMessages: JSON.stringify(decision.messages),
            lastError: decision.error.slice(0, 500),
          },
          queue: 'remove',
          entry: {
            action: 'invoice.dead-lettered',
            data: { ...exchange, reason: decision.reason, messages: decision.messages },
          },
        };
      case 'retry':
        return {
          changes: { ...base, lastError: decision.error.slice(0, 500) },
          queue: { dueAt: isoIn(retryInMs) },
          entry: {
            action: 'invoice.submission-failed',
            data: { ...exchange, retryInMs },
          },
        };
      case 'reroute':
        return {
          changes: { ...base, route: decision.route, lastError: decision.error },
          queue: { dueAt: now },
          entry: { action: 'invoice.rerouted', data: { ...exchange, route: decision.route } },
        };
    }
  }
}
