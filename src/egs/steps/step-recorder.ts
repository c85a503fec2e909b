import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail.service';
import { inTransaction } from '../../database/transactions';
import type { CsidResult, FatooraMessage } from '../../fatoora/fatoora-result';
import { EgsStepFailedError } from '../egs-errors';
import { failureSummary, messagesOf } from '../onboarding/zatca-answers';
import { EgsStepEntity } from '../entities/egs-step.entity';
import type { EgsFlow, EgsStepName } from '../onboarding/onboarding-state';

export interface StepRecord {
  unitId: string;
  flow: EgsFlow;
  step: EgsStepName;
  outcome: 'passed' | 'failed';
  certificateId?: string;
  documentType?: string;
  messages?: readonly FatooraMessage[];
  detail?: string;
}

/** Writes each onboarding/renewal step to `egs_step` and to the unit's audit stream. */
@Injectable()
export class StepRecorder {
  private readonly logger = new Logger('EGS');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** In `manager`'s transaction when given, else in its own. */
  async record(record: StepRecord, actor: string, manager?: EntityManager): Promise<void> {
    const write = async (m: EntityManager) => {
      await m.insert(EgsStepEntity, {
        unitId: record.unitId,
        flow: record.flow,
        step: record.step,
        outcome: record.outcome,
        certificateId: record.certificateId ?? null,
        documentType: record.documentType ?? null,
        messagesJson: JSON.stringify(record.messages ?? []),
        detail: record.detail ?? null,
        at: new Date(),
      });
      await this.audit.append(
        {
          stream: `egs:${record.unitId}`,
          action: `egs.${record.flow}.${record.outcome === 'passed' ? 'step-passed' : 'step-failed'}`,
          actor,
          subjectType: 'egs-unit',
          subjectId: record.unitId,
          data: {
            step: record.step,
            documentType: record.documentType,
            certificateId: record.certificateId,
            messages: record.messages ?? [],
            detail: record.detail,
          },
        },
        m,
      );
    };
    if (manager) await write(manager);
    else await inTransaction(this.dataSource, write);
    const what = `${record.flow} ${record.step}${record.documentType ? ` ${record.documentType}` : ''}`;
    if (record.outcome === 'failed')
      this.logger.warn({ unitId: record.unitId }, `${what} failed: ${record.detail ?? ''}`);
    else this.logger.log({ unitId: record.unitId }, `${what} passed`);
  }

  /**
   * Records a CSID call that did not issue (ZATCA's messages, what happened, what to do) and
   * throws the EgsStepFailedError the caller reports.
   */
  async failCsidStep(
    step: Pick<StepRecord, 'unitId' | 'flow' | 'step' | 'certificateId'>,
    result: CsidResult,
    hint: string,
    actor: string,
  ): Promise<never> {
    const messages = messagesOf(result);
    const summary = failureSummary(result);
    await this.record(
      { ...step, outcome: 'failed', messages, detail: `${summary}. ${hint}` },
      actor,
    );
    throw new EgsStepFailedError(step.unitId, step.step, messages, hint, summary);
  }

  history(unitId: string): Promise<EgsStepEntity[]> {
    return this.dataSource
      .getRepository(EgsStepEntity)
      .find({ where: { unitId }, order: { id: 'ASC' } });
  }

  /** Document types that passed their compliance check under this compliance CSID. */
  async passedChecks(certificateId: string): Promise<Set<string>> {
    const rows = await this.dataSource.getRepository(EgsStepEntity).findBy({
      certificateId,
      step: 'compliance-check',
      outcome: 'passed',
    });
    return new Set(rows.map((r) => r.documentType ?? ''));
  }
}
