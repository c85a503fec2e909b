import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import type { AuditRecord } from '../audit/audit-entry';
import { SubmissionQueue } from '../queue/submission-queue';
import { InvoiceEntity } from './invoice.entity';
import { invoiceResult, type InvoiceResult } from './invoice-result';

export interface PipelineStatus {
  /** Invoices per state. */
  states: Record<string, number>;
  queue: { total: number; due: number; oldestDueAt: string | null };
  /** The earliest reporting deadline among simplified invoices not reported yet. */
  oldestPendingDeadline: string | null;
  deadlineAlerts: { atRisk: number; missed: number };
  deadLetters: Record<string, number>;
}

/** Read side of the pipeline: one invoice with its history, counts, queue depth, deadlines. */
@Injectable()
export class InvoiceStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly audit: AuditTrail,
  ) {}

  async invoice(uuid: string): Promise<(InvoiceResult & { history: AuditRecord[] }) | null> {
    const row = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ uuid });
    if (!row) return null;
    const history = await this.audit.list({ subjectType: 'invoice', subjectId: uuid });
    return { ...invoiceResult(row), history };
  }

  async status(): Promise<PipelineStatus> {
    const states: Array<{ state: string; n: number | string }> = await this.dataSource.query(
      'SELECT state, COUNT(*) AS n FROM invoices GROUP BY state',
    );
    const dead: Array<{ dead_reason: string; n: number | string }> = await this.dataSource.query(
      "SELECT dead_reason, COUNT(*) AS n FROM invoices WHERE state = 'dead-letter' GROUP BY dead_reason",
    );
    const [deadline]: Array<{
      oldest: string | null;
      at_risk: number | string | null;
      missed: number | string | null;
    }> = await this.dataSource.query(
      `SELECT MIN(reporting_deadline) AS oldest,
                SUM(CASE WHEN deadline_alert = 'at-risk' THEN 1 ELSE 0 END) AS at_risk,
                SUM(CASE WHEN deadline_alert = 'missed' THEN 1 ELSE 0 END) AS missed
           FROM invoices WHERE state IN ('pending', 'dead-letter') AND reporting_deadline IS NOT NULL`,
    );
    return {
      states: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
      queue: await this.queue.depth(),
      oldestPendingDeadline: deadline?.oldest ?? null,
      deadlineAlerts: {
        atRisk: Number(deadline?.at_risk ?? 0),
        missed: Number(deadline?.missed ?? 0),
      },
      deadLetters: Object.fromEntries(dead.map((d) => [d.dead_reason, Number(d.n)])),
    };
  }

  async deadLetters(
    filter: { reason?: string; unitId?: string; limit?: number } = {},
  ): Promise<InvoiceResult[]> {
    const where: Record<string, string> = { state: 'dead-letter' };
    if (filter.reason) where.deadReason = filter.reason;
    if (filter.unitId) where.unitId = filter.unitId;
    const rows = await this.dataSource.getRepository(InvoiceEntity).find({
      where,
      order: { createdAt: 'ASC' },
      take: Math.min(filter.limit ?? 100, 1000),
    });
    return rows.map((r) => invoiceResult(r));
  }
}
