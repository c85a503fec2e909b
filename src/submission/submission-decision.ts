import type { FatooraMessage, FatooraResult } from '../fatoora';
import type { SubmissionRoute, ZatcaStatus } from '../invoices/invoice-state';
import type { DeadLetterReason } from './dead-letter-reason';

/** What to do with a queued invoice after one Fatoora call. */
export type SubmissionDecision =
  | {
      next: 'done';
      state: 'cleared' | 'reported';
      zatcaStatus: ZatcaStatus;
      messages: FatooraMessage[];
      clearedXml?: string;
      /** The UTF-8 of clearedXml as ZATCA sent it, when known (saves encoding it again). */
      clearedBytes?: Buffer;
    }
  | { next: 'dead-letter'; reason: DeadLetterReason; messages: FatooraMessage[]; error: string }
  /** Retry later; `afterMs` when ZATCA said when (429 Retry-After), else the backoff decides. */
  | { next: 'retry'; error: string; afterMs?: number }
  /** Send again at once on another route (303: clearance switched off). */
  | { next: 'reroute'; route: SubmissionRoute; error: string };

/** Unexpected answers (404, 406, non-JSON) are retried this many times, then dead-lettered. */
export const MAX_UNEXPECTED_ATTEMPTS = 5;

/**
 * Maps a Fatoora result to the next step (spec 6.4, 8.1-8.3). A duplicate (208/409) only
 * happens when an earlier identical submission was accepted: success. An unknown outcome is
 * retried with the identical stored bytes, so a late 208/409 then confirms it.
 */
export function decideSubmission(
  result: FatooraResult,
  route: SubmissionRoute,
  attempt: number,
  subtype: 'standard' | 'simplified',
): SubmissionDecision {
  // A standard document sent to reporting while clearance was off: when clearance is back on,
  // ZATCA refuses it there, by 303 or by 400 "not a simplified document" (spec 6.4 gives both
  // readings). Neither is a verdict on the document: it goes back to clearance.
  if (route === 'reporting' && subtype === 'standard' && clearanceIsOn(result)) {
    return {
      next: 'reroute',
      route: 'clearance',
      error: `clearance is on again (${result.kind === 'clearance-off' ? 303 : 400})`,
    };
  }
  switch (result.kind) {
    case 'accepted':
      return {
        next: 'done',
        state: result.outcome,
        zatcaStatus: result.status === 202 ? 'WARNING' : 'PASS',
        messages: [...result.warnings, ...result.info],
        clearedXml: result.clearedInvoice?.xml,
        clearedBytes: result.clearedInvoice?.bytes,
      };
    case 'duplicate':
      return {
        next: 'done',
        state: result.outcome,
        zatcaStatus: 'DUPLICATE',
        messages: [{ code: String(result.status), category: 'Duplicate', message: result.message }],
        clearedXml: result.clearedInvoice?.xml,
        clearedBytes: result.clearedInvoice?.bytes,
      };
    case 'rejected':
      return {
        next: 'dead-letter',
        reason: 'rejected',
        messages: [...result.errors, ...result.warnings],
        error: `rejected by ZATCA (${result.status}): ${result.errors.map((e) => e.code).join(', ')}`,
      };
    case 'unauthorized':
      return {
        next: 'dead-letter',
        reason: 'unauthorized',
        messages: [],
        error: `unauthorized (${result.status}): ${result.message}`,
      };
    case 'clearance-off':
      if (route === 'clearance') {
        return { next: 'reroute', route: 'reporting', error: 'clearance switched off (303)' };
      }
      return { next: 'retry', error: 'unexpected 303 on reporting' };
    case 'rate-limited':
      return {
        next: 'retry',
        error: 'rate limited (429)',
        afterMs: result.retryAfterMs ?? undefined,
      };
    case 'transient':
      return { next: 'retry', error: `transient: ${result.reason} ${result.status ?? ''}`.trim() };
    case 'unknown-outcome':
      return {
        next: 'retry',
        error: `unknown outcome (${result.reason}): resending identical bytes`,
      };
    case 'unexpected':
      if (attempt >= MAX_UNEXPECTED_ATTEMPTS) {
        return {
          next: 'dead-letter',
          reason: 'unexpected-response',
          messages: [],
          error: `unexpected answer ${result.status}: ${result.message}`,
        };
      }
      return { next: 'retry', error: `unexpected answer ${result.status}` };
  }
}

/** ZATCA's answers to a standard document on the reporting route while clearance is on. */
function clearanceIsOn(result: FatooraResult): boolean {
  if (result.kind === 'clearance-off') return true;
  return (
    result.kind === 'rejected' &&
    result.errors.length > 0 &&
    result.errors.every(
      (e) => e.code === 'invoice-type-mismatch' || /not a simplified document/i.test(e.message),
    )
  );
}
