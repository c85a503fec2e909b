import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import { InvoiceArchive } from '../archive/invoice-archive';
import { retryOnDeadlock } from '../database/lock-retry';
import { inTransaction } from '../database/transactions';
import {
  EGS_SIGNING_PROVIDER,
  EgsCannotSignError,
  type EgsSigningProvider,
} from '../egs/egs-signing-context';
import { invoiceSubmission, type FatooraResult } from '../fatoora';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { isoIn, isoNow } from '../pipeline/clock';
import { PIPELINE_CONFIG, type PipelineConfig } from '../pipeline/pipeline-config';
import { retryDelayMs } from '../queue/backoff';
import { SubmissionQueue } from '../queue/submission-queue';
import { FatooraClients } from './fatoora-clients';
import { SubmissionEvents } from './submission-events';
import { decideSubmission, type SubmissionDecision } from './submission-decision';

/** What one attempt came to, for the audit entry and the caller. */
export interface AttemptReport {
  decision: SubmissionDecision['next'] | 'lost-claim' | 'already-final';
  fatooraMs: number;
}

/**
 * Submits one claimed invoice (clearance or reporting, always the stored bytes) and applies the
 * answer: done, dead letter, retry later or reroute. The state change, the queue row and the
 * audit entry move together in one transaction, and only while the claim is still ours.
 */
@Injectable()
export class SubmissionProcessor {
  private readonly logger = new Logger(SubmissionProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly clients: FatooraClients,
    private readonly audit: AuditTrail,
    private readonly archive: InvoiceArchive,
    private readonly events: SubmissionEvents,
    @Inject(EGS_SIGNING_PROVIDER) private readonly egs: EgsSigningProvider,
    @Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig,
  ) {}

  async process(
    invoiceUuid: string,
    token: string,
    attemptsBefore: number,
  ): Promise<AttemptReport> {
    const invoice = await this.dataSource
      .getRepository(InvoiceEntity)
      .findOneBy({ uuid: invoiceUuid });
    if (!invoice || invoice.state !== 'pending') {
      // Finished by an earlier claim whose queue row removal was lost: just drop the row.
      await inTransaction(this.dataSource, async (m) => {
        if (await this.queue.lockOwned(m, invoiceUuid, token))
          await this.queue.remove(m, invoiceUuid);
      });
      return { decision: 'already-final', fatooraMs: 0 };
    }
    const attempt = attemptsBefore + 1;
    const started = performance.now();
    let decision: SubmissionDecision;
    let exchange: Record<string, unknown> = { route: invoice.route, attempt };
    try {
      const context = await this.egs.signingContext(invoice.unitId);
      const client = this.clients.for(context);
      const submission = invoiceSubmission(invoice.signedXml, invoice.invoiceHash, invoice.uuid);
      const result =
        invoice.route === 'clearance'
          ? await client.clearInvoice(context.csid, submission)
          : await client.reportInvoice(context.csid, submission);
      decision = decideSubmission(result, invoice.route, attempt);
      exchange = { ...exchange, ...summarize(result), url: client.baseUrl };
    } catch (err) {
      decision = cannotSubmit(err);
      exchange = { ...exchange, error: decision.next === 'retry' ? decision.error : String(err) };
    }
    const fatooraMs = performance.now() - started;
    exchange.durationMs = Math.round(fatooraMs);

    let retryInMs = 0;
    let archivedPath: string | null = null;
    if (decision.next === 'done') {
      // Archived before the final state is committed: a crash in between rewrites the same file.
      archivedPath = await this.archive.store({ ...invoice, clearedXml: decision.clearedXml });
    }
    const applied = await retryOnDeadlock(() =>
      inTransaction(this.dataSource, async (m) => {
        if (!(await this.queue.lockOwned(m, invoiceUuid, token))) return false;
        const now = isoNow();
        const base = { attempts: attempt, updatedAt: now };
        const stream = `egs:${invoice.unitId}`;
        const auditBase = {
          stream,
          actor: 'system',
          subjectType: 'invoice',
          subjectId: invoiceUuid,
        };
        switch (decision.next) {
          case 'done':
            await m.update(InvoiceEntity, invoiceUuid, {
              ...base,
              state: decision.state,
              zatcaStatus: decision.zatcaStatus,
              zatcaMessages: JSON.stringify(decision.messages),
              clearedXml: decision.clearedXml ?? null,
              completedAt: now,
              lastError: null,
              archivedPath,
            });
            await this.queue.remove(m, invoiceUuid);
            await this.audit.append(
              {
                ...auditBase,
                action: `invoice.${decision.state}`,
                data: {
                  ...exchange,
                  zatcaStatus: decision.zatcaStatus,
                  messages: decision.messages,
                  archivedPath,
                },
              },
              m,
            );
            break;
          case 'dead-letter':
            await m.update(InvoiceEntity, invoiceUuid, {
              ...base,
              state: 'dead-letter',
              deadReason: decision.reason,
              zatcaMessages: JSON.stringify(decision.messages),
              lastError: decision.error.slice(0, 500),
            });
            await this.queue.remove(m, invoiceUuid);
            await this.audit.append(
              {
                ...auditBase,
                action: 'invoice.dead-lettered',
                data: { ...exchange, reason: decision.reason, messages: decision.messages },
              },
              m,
            );
            break;
          case 'retry': {
            const delay =
              decision.afterMs ??
              retryDelayMs(attempt, this.config.retryBaseMs, this.config.retryMaxMs);
            retryInMs = delay;
            await m.update(InvoiceEntity, invoiceUuid, {
              ...base,
              lastError: decision.error.slice(0, 500),
            });
            await this.queue.reschedule(m, invoiceUuid, isoIn(delay), attempt);
            await this.audit.append(
              {
                ...auditBase,
                action: 'invoice.submission-failed',
                data: { ...exchange, retryInMs: delay },
              },
              m,
            );
            break;
          }
          case 'reroute':
            await m.update(InvoiceEntity, invoiceUuid, {
              ...base,
              route: decision.route,
              lastError: decision.error,
            });
            await this.queue.reschedule(m, invoiceUuid, now, attempt);
            await this.audit.append(
              {
                ...auditBase,
                action: 'invoice.rerouted',
                data: { ...exchange, route: decision.route },
              },
              m,
            );
            break;
        }
        return true;
      }),
    );
    if (!applied) {
      this.logger.warn(
        `invoice ${invoiceUuid}: claim expired before its result was applied; the next claim resends it`,
      );
      return { decision: 'lost-claim', fatooraMs };
    }
    // Committed: wake this process's waiters (the intake's clearance wait, the worker loop).
    if (decision.next === 'done' || decision.next === 'dead-letter')
      this.events.settled(invoiceUuid);
    else this.events.due(retryInMs);
    return { decision: decision.next, fatooraMs };
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
