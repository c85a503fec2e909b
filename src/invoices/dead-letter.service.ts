import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import { inTransaction, forUpdate } from '../database/transactions';
import { isoNow } from '../pipeline/clock';
import { SubmissionQueue } from '../queue/submission-queue';
import { SubmissionEvents } from '../submission/submission-events';
import { IntakeConflictError } from './intake-errors';
import { InvoiceEntity } from './invoice.entity';
import { invoiceResult, type InvoiceResult } from './invoice-result';

/**
 * Replays a dead letter: the identical signed bytes go back into the queue (after the operator
 * renewed credentials, or ZATCA fixed its side). A rejected document is not replayed: it keeps
 * its ICV, and a corrected document (new UUID, new ICV, correctsUuid) replaces it (spec 8.3).
 */
@Injectable()
export class DeadLetterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly audit: AuditTrail,
    private readonly events: SubmissionEvents,
  ) {}

  async replay(uuid: string, actor: string): Promise<InvoiceResult> {
    const result = await inTransaction(this.dataSource, async (m) => {
      const rows: Array<{ state: string; dead_reason: string | null; unit_id: string }> =
        await m.query(
          `SELECT state, dead_reason, unit_id FROM invoices WHERE uuid = ?${forUpdate(m)}`,
          [uuid],
        );
      const row = rows[0];
      if (!row) throw new IntakeConflictError([{ field: 'uuid', rule: 'no such invoice' }]);
      if (row.state !== 'dead-letter') {
        throw new IntakeConflictError([
          { field: 'uuid', rule: `is ${row.state}, not a dead letter` },
        ]);
      }
      if (row.dead_reason === 'rejected') {
        throw new IntakeConflictError([
          {
            field: 'uuid',
            rule: 'rejected by ZATCA: submit a corrected document with correctsUuid instead of replaying it',
          },
        ]);
      }
      const now = isoNow();
      await m.update(InvoiceEntity, uuid, { state: 'pending', deadReason: null, updatedAt: now });
      await this.queue.enqueue(m, [
        { invoiceUuid: uuid, unitId: row.unit_id, token: null, dueAt: now },
      ]);
      await this.audit.append(
        {
          stream: `egs:${row.unit_id}`,
          actor,
          action: 'invoice.replayed',
          subjectType: 'invoice',
          subjectId: uuid,
          data: { previousReason: row.dead_reason },
        },
        m,
      );
      return invoiceResult((await m.findOneBy(InvoiceEntity, { uuid })) as InvoiceEntity);
    });
    this.events.due(); // committed: this process's worker claims it at once
    return result;
  }
}
