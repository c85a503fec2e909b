import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';

export interface DeadlineAlert {
  uuid: string;
  unitId: string;
  reportingDeadline: string;
  level: 'at-risk' | 'missed';
}

/**
 * Simplified invoices must be reported within 24 hours of issuance (spec 8.1). Every
 * DEADLINE_CHECK_MS this raises an alert, once per level, for each one not yet reported that has
 * less than DEADLINE_AT_RISK_HOURS left (`at-risk`) or is past its deadline (`missed`): an error
 * log line, an audit entry, and the invoice's deadline_alert (shown by the status API).
 */
@Injectable()
export class DeadlineWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineWatchdog.name);
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.checking ??= this.check()
        .catch((err: unknown) => this.logger.error(`deadline check failed: ${String(err)}`))
        .finally(() => (this.checking = undefined));
    }, this.config.deadlineCheckMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /**
   * One pass; returns the alerts raised now. `now` (epoch ms) is the clock the deadlines are
   * judged by: the wall clock by default, a later instant in tests that must not wait 20 hours.
   */
  async check(now: number = Date.now()): Promise<DeadlineAlert[]> {
    const raised: DeadlineAlert[] = [];
    const open = "state IN ('pending', 'dead-letter')";
    const levels: Array<{ level: 'at-risk' | 'missed'; where: string; until: string }> = [
      {
        level: 'missed',
        where: "(deadline_alert IS NULL OR deadline_alert = 'at-risk')",
        until: new Date(now).toISOString(),
      },
      {
        level: 'at-risk',
        where: 'deadline_alert IS NULL',
        until: new Date(now + this.config.deadlineAtRiskMs).toISOString(),
      },
    ];
    for (const { level, where, until } of levels) {
      const rows: Array<{ uuid: string; unit_id: string; reporting_deadline: string }> =
        await this.dataSource.query(
          `SELECT uuid, unit_id, reporting_deadline FROM invoices WHERE reporting_deadline IS NOT NULL AND reporting_deadline < ? AND ${open} AND ${where} LIMIT 1000`,
          [until],
        );
      for (const row of rows) {
        // Conditional update: with several hosts, only one raises each alert.
        const result = await this.dataSource
          .createQueryBuilder()
          .update(InvoiceEntity)
          .set({ deadlineAlert: level })
          .where(`uuid = :uuid AND ${where}`, { uuid: row.uuid })
          .execute();
        if (!result.affected) continue;
        const alert = {
          uuid: row.uuid,
          unitId: row.unit_id,
          reportingDeadline: row.reporting_deadline,
          level,
        };
        raised.push(alert);
        const text = `reporting deadline ${level === 'missed' ? 'MISSED' : 'at risk'}: invoice ${row.uuid} of unit ${row.unit_id}, due ${row.reporting_deadline}`;
        if (level === 'missed') this.logger.error(text);
        else this.logger.warn(text);
        await this.audit.append({
          stream: 'system',
          actor: 'job:deadline-watchdog',
          action: `invoice.deadline-${level}`,
          subjectType: 'invoice',
          subjectId: row.uuid,
          data: { ...alert },
        });
      }
    }
    return raised;
  }
}
