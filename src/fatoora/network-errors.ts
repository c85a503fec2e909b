import type { FailureResult } from './fatoora-result';

/** Error codes that mean no byte of the request reached the server: safe to resend at once. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const TIMEOUT_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_CANCELED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface NetworkFailure {
  code: string | undefined;
  message: string;
  /** True once the whole request had been handed to the socket. */
  requestSent: boolean;
}

/**
 * A failure without an HTTP answer. Before the request was sent it is transient (resend now);
 * after, ZATCA may have processed it, so the outcome is unknown (resend identical bytes later).
 */
export function classifyNetworkFailure(failure: NetworkFailure): FailureResult {
  const { code, message, requestSent } = failure;
  if (code && NOT_SENT_CODES.has(code)) {
    return { kind: 'transient', status: null, reason: 'connect-failed', message };
  }
  const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
  if (!requestSent) {
    return {
      kind: 'transient',
      status: null,
      reason: timedOut ? 'connect-timeout' : 'network',
      message,
    };
  }
  return { kind: 'unknown-outcome', reason: timedOut ? 'timeout' : 'connection-lost', message };
}
