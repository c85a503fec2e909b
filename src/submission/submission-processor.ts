import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoiceArchive } from '../archive/invoice-archive';
import { inTransaction } from '../database/transactions';
import {
  EGS_SIGNING_PROVIDER,
  EgsCannotSignError,
  type EgsSigningProvider,
} from '../egs/egs-signing-context';
import { invoiceSubmission, type FatooraResult } from '../fatoora';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { nextRetryInMs } from '../queue/backoff';
import { SubmissionQueue } from '../queue/submission-queue';
import { FatooraClients } from './fatoora-clients';
import { ResultWriter } from './result-writer';
import { SubmissionEvents } from './submission-events';
import { decideSubmission, type SubmissionDecision } from './submission-decision';

/** What one attempt came to, for the audit entry and the caller. */
export interface AttemptReport {
  decision: SubmissionDecision['next'] | 'lost-claim' | 'already-final';
  fatooraMs: number;
  /** The invoice after the applied result (absent when nothing was applied). */
  invoice?: InvoiceEntity;
  /** The UTF-8 of that invoice's clearedXml, when ZATCA's answer gave it. */
  clearedBytes?: Buffer;
}

/**
 * Submits one claimed invoice (clearance or reporting, always the stored bytes) and has the
 * answer applied (ResultWriter): done, dead letter, retry later or reroute.
 */
@Injectable()
export class SubmissionProcessor {
  private readonly logger = new Logger(SubmissionProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly clients: FatooraClients,
    private readonly results: ResultWriter,
    private readonly archive: InvoiceArchive,
    private readonly events: SubmissionEvents,
    @Inject(EGS_SIGNING_PROVIDER) private readonly egs: EgsSigningProvider,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
  ) {}

  /**
   * `invoice` is the row as signed when the caller has it (the intake), else its UUID (a worker's
   * claim): the row is read then.
   */
  async process(
    invoiceOrUuid: InvoiceEntity | string,
    token: string,
    attemptsBefore: number,
  ): Promise<AttemptReport> {
    const invoiceUuid = typeof invoiceOrUuid === 'string' ? invoiceOrUuid : invoiceOrUuid.uuid;
    const invoice =
      typeof invoiceOrUuid === 'string'
        ? await this.dataSource.getRepository(InvoiceEntity).findOneBy({ uuid: invoiceUuid })
        : invoiceOrUuid;
    if (!invoice || invoice.state !== 'pending') {
      // Finished by an earlier claim whose queue row removal was lost: just drop the row.
      await inTransaction(this.dataSource, async (m) => {
        const owned = await this.queue.lockOwned(m, [{ invoiceUuid, token }]);
        await this.queue.remove(m, [...owned]);
      });
      return { decision: 'already-final', fatooraMs: 0 };
    }
    const attempt = attemptsBefore + 1;
    const started = performance.now();
    let decision: SubmissionDecision;
    let exchange: Record<string, unknown> = { route: invoice.route, attempt };
    // Encoded once: the request's base64 and the archive's copy.
    const signedBytes = Buffer.from(invoice.signedXml, 'utf8');
    try {
      const context = await this.egs.signingContext(invoice.unitId);
      const client = this.clients.for(context);
      const submission = invoiceSubmission(signedBytes, invoice.invoiceHash, invoice.uuid);
      const result =
        invoice.route === 'clearance'
          ? await client.clearInvoice(context.csid, submission)
          : await client.reportInvoice(context.csid, submission);
      decision = decideSubmission(result, invoice.route, attempt, invoice.subtype);
      exchange = { ...exchange, ...summarize(result), url: client.baseUrl };
    } catch (err) {
      decision = cannotSubmit(err);
      exchange = { ...exchange, error: decision.next === 'retry' ? decision.error : String(err) };
    }
    const fatooraMs = performance.now() - started;
    exchange.durationMs = Math.round(fatooraMs);

    let archivedPath: string | null = null;
    if (decision.next === 'done') {
      // Archived before the final state is committed: a crash in between rewrites the same file.
      archivedPath = await this.archive.store({
        ...invoice,
        clearedXml: decision.clearedXml,
        signedBytes,
        clearedBytes: decision.clearedBytes,
      });
    }
    const retryInMs =
      decision.next === 'retry'
        ? nextRetryInMs(attempt, decision.afterMs, this.config.retryBaseMs, this.config.retryMaxMs)
        : 0;
    const after = await this.results.apply({
      invoice,
      token,
      attempt,
      decision,
      exchange,
      archivedPath,
      retryInMs,
    });
    if (!after) {
      this.logger.warn(
        `invoice ${invoiceUuid}: claim expired before its result was applied; the next claim resends it`,
      );
      return { decision: 'lost-claim', fatooraMs };
    }
    // Committed: wake this process's waiters (the intake's clearance wait, the worker loop).
    if (decision.next === 'done' || decision.next === 'dead-letter')
      this.events.settled(invoiceUuid);
    else this.events.due(retryInMs);
    const clearedBytes = decision.next === 'done' ? decision.clearedBytes : undefined;
    return { decision: decision.next, fatooraMs, invoice: after, clearedBytes };
  }
}

/** The unit cannot submit now: certificate or onboarding problems are dead letters. */
function cannotSubmit(err: unknown): SubmissionDecision {
  if (err instanceof EgsCannotSignError) {
    const reason =
      err.reason === 'certificate-expired' ? 'certificate-expired' : 'unit-unavailable';
    if (err.reason !== 'certificate-not-yet-valid') {
      return { next: 'dead-letter', reason, messages: [], error: err.message };
    }
  }
  return { next: 'retry', error: `cannot submit: ${(err as Error)?.message ?? String(err)}` };
}

/** The parts of a Fatoora result worth keeping in the audit trail (no secrets, no XML). */
function summarize(result: FatooraResult): Record<string, unknown> {
  const { kind } = result;
  const status = 'status' in result ? result.status : null;
  const out: Record<string, unknown> = { resultKind: kind, httpStatus: status };
  if ('message' in result) out.message = result.message;
  if ('errors' in result) out.errors = result.errors;
  if ('warnings' in result) out.warnings = result.warnings;
  return out;
}
