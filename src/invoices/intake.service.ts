import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChainWriter } from '../chain/chain-writer';
import { isUniqueViolation } from '../database/unique-violation';
import {
  EGS_SIGNING_PROVIDER,
  EgsCannotSignError,
  type EgsSigningContext,
  type EgsSigningProvider,
} from '../egs/egs-signing-context';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { SubmissionEvents } from '../submission/submission-events';
import { SubmissionProcessor } from '../submission/submission-processor';
import { IntakeConflictError, InvalidInvoiceError, type FieldError } from './intake-errors';
import { InvoiceEntity } from './invoice.entity';
import { InvoiceKeyLookup } from './invoice-key-lookup';
import { invoiceResult, type InvoiceResult } from './invoice-result';
import { preflight } from './preflight';

export interface IntakeRequest {
  /** The source system (connector id, ERP instance); with recordId, the idempotency key. */
  source: string;
  recordId: string;
  /** The EGS unit that signs. */
  unitId: string;
  /** The canonical invoice JSON. */
  invoice: unknown;
  /** A corrected document names the rejected (dead-lettered) one it replaces. */
  correctsUuid?: string;
  /** Standard documents: how long to wait for the clearance (default CLEARANCE_WAIT_MS). */
  waitMs?: number;
  actor?: string;
}

/**
 * The intake: validate fully, then sign in the unit's chain and submit. A second request with
 * the same (source, recordId) answers with the first invoice and never creates another.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);
  private readonly keys: InvoiceKeyLookup;

  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: ChainWriter,
    private readonly processor: SubmissionProcessor,
    private readonly events: SubmissionEvents,
    @Inject(EGS_SIGNING_PROVIDER) private readonly egs: EgsSigningProvider,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
  ) {
    this.keys = new InvoiceKeyLookup(dataSource);
  }

  async submit(request: IntakeRequest): Promise<InvoiceResult> {
    checkRequest(request);
    const earlier = await this.findByKey(request.source, request.recordId);
    if (earlier) return invoiceResult(earlier, true);

    const { invoice, totals, warnings } = preflight(request.invoice);
    const context = await this.signingContext(request.unitId);
    if (invoice.seller.vatNumber !== context.vatNumber) {
      throw new InvalidInvoiceError([
        {
          field: 'invoice.seller.vatNumber',
          rule: `must be the VAT number of unit ${context.unitId} (${context.vatNumber})`,
        },
      ]);
    }
    if (request.correctsUuid) await this.checkCorrection(request.correctsUuid, context.unitId);

    // With INTAKE_SUBMITS=off the row is queued unclaimed, for the workers.
    const claimToken = this.config.submitOnIntake ? randomUUID() : null;
    let outcome: { invoice: InvoiceEntity; created: boolean };
    try {
      outcome = await this.chain.sign({
        context,
        invoice,
        totals,
        source: request.source,
        recordId: request.recordId,
        correctsUuid: request.correctsUuid,
        claimToken,
        leaseMs: this.config.leaseMs,
        actor: request.actor ?? `connector:${request.source}`,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Same key signed meanwhile by another unit's transaction, or a reused document UUID.
      const raced = await this.findByKey(request.source, request.recordId);
      if (raced) return invoiceResult(raced, true);
      throw new IntakeConflictError([
        { field: 'invoice.uuid', rule: `already used by another invoice (${invoice.uuid})` },
      ]);
    }
    if (!outcome.created) return invoiceResult(outcome.invoice, true);
    // The pre-flight's ZATCA warnings go back on the answer to this submission.
    const answer = (row: InvoiceEntity, clearedBytes?: Buffer): InvoiceResult =>
      warnings.length > 0
        ? { ...invoiceResult(row, false, clearedBytes), preflightWarnings: warnings }
        : invoiceResult(row, false, clearedBytes);
    if (claimToken === null) {
      this.events.due(); // this process's worker claims it at once
      return answer(outcome.invoice);
    }

    // First attempt right here (the queue row is claimed for us); retries go to the workers.
    const settled =
      invoice.subtype === 'standard'
        ? Math.min(request.waitMs ?? this.config.clearanceWaitMs, 120_000)
        : 0;
    const deadline = Date.now() + settled;
    const attempt = this.processor
      .process(outcome.invoice, claimToken, 0)
      .catch((err: unknown): undefined => {
        this.logger.error(
          `first submission of ${invoice.uuid} failed: ${String(err)}; a worker retries it`,
        );
        return undefined;
      });
    if (settled === 0) return answer(outcome.invoice);
    // The first attempt is ours: its report carries the row as applied, with no re-read.
    const report = await untilDeadline(attempt, settled);
    if (report?.invoice && report.invoice.state !== 'pending')
      return answer(report.invoice, report.clearedBytes);
    return answer(await this.awaitFinal(outcome.invoice, deadline));
  }

  /**
   * A standard document waits for its clearance until `deadline`, through retries: woken at
   * once when this process applies the result, and rereading the row every QUEUE_POLL_MS for
   * a result applied by a worker in another process.
   */
  private async awaitFinal(signed: InvoiceEntity, deadline: number): Promise<InvoiceEntity> {
    const repository = this.dataSource.getRepository(InvoiceEntity);
    let current = (await repository.findOneBy({ uuid: signed.uuid })) ?? signed;
    while (current.state === 'pending' && Date.now() < deadline) {
      const left = deadline - Date.now();
      await this.events.waitSettled(signed.uuid, Math.min(left, this.config.pollMs));
      current = (await repository.findOneBy({ uuid: signed.uuid })) ?? current;
    }
    return current;
  }

  private findByKey(source: string, recordId: string): Promise<InvoiceEntity | null> {
    return this.keys.find(source, recordId);
  }

  private async signingContext(unitId: string): Promise<EgsSigningContext> {
    try {
      const context = await this.egs.signingContext(unitId, new Date());
      if (Date.now() > context.notAfter.getTime()) {
        throw new EgsCannotSignError(
          unitId,
          'certificate-expired',
          `the certificate of unit ${unitId} expired on ${context.notAfter.toISOString()}`,
        );
      }
      return context;
    } catch (err) {
      if (err instanceof EgsCannotSignError) {
        const problem = [{ field: 'unitId', rule: `${err.reason}: ${err.message}` }];
        // A unit that does not exist is bad input (400); one that cannot sign now is a conflict.
        if (err.reason === 'unknown-unit') throw new InvalidInvoiceError(problem);
        throw new IntakeConflictError(problem);
      }
      throw err;
    }
  }

  private async checkCorrection(correctsUuid: string, unitId: string): Promise<void> {
    const original = await this.dataSource
      .getRepository(InvoiceEntity)
      .findOneBy({ uuid: correctsUuid });
    const problem = !original
      ? 'no such invoice'
      : original.unitId !== unitId
        ? `belongs to unit ${original.unitId}`
        : original.state !== 'dead-letter'
          ? `is ${original.state}; only a dead-lettered invoice can be corrected`
          : null;
    if (problem) throw new IntakeConflictError([{ field: 'correctsUuid', rule: problem }]);
  }
}

function checkRequest(request: IntakeRequest): void {
  const errors: FieldError[] = [];
  const text = (field: 'source' | 'recordId' | 'unitId', max: number) => {
    const value = request[field] as unknown;
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      errors.push({ field, rule: `required: a non-empty string of at most ${max} characters` });
    }
  };
  text('source', 100);
  text('recordId', 200);
  text('unitId', 100);
  if (
    request.invoice === undefined ||
    request.invoice === null ||
    typeof request.invoice !== 'object'
  ) {
    errors.push({ field: 'invoice', rule: 'required: the canonical invoice object' });
  }
  if (request.waitMs !== undefined && (!Number.isInteger(request.waitMs) || request.waitMs < 0)) {
    errors.push({ field: 'waitMs', rule: 'a whole number of milliseconds, 0 or more' });
  }
  if (errors.length) throw new InvalidInvoiceError(errors);
}

/** The promise's value, or undefined once `ms` have passed. */
async function untilDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
