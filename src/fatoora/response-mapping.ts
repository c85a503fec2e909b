import { isUtf8 } from 'node:buffer';
import type {
  ClearedInvoice,
  CsidResult,
  FailureResult,
  FatooraMessage,
  FatooraResult,
  InvoiceOutcome,
} from './fatoora-result';
import type {
  CsidErrorEntry,
  CsidResponseBody,
  InvoiceResponseBody,
  SingleErrorBody,
  ValidationMessage,
} from './wire-types';
import { X509_TOKEN_TYPE } from './wire-types';

/** The parts of an HTTP answer the mapping needs; independent of axios. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  data: unknown;
}

export type InvoiceCall = 'compliance' | 'reporting' | 'clearance';

const asObject = (data: unknown): Record<string, unknown> =>
  data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};

const toMessage = (m: Partial<ValidationMessage> | SingleErrorBody): FatooraMessage => ({
  code: m.code ?? 'UNKNOWN',
  category: m.category ?? '',
  message: m.message ?? '',
});

function messagesOf(
  body: InvoiceResponseBody,
  key: 'errorMessages' | 'warningMessages' | 'infoMessages',
) {
  return (body.validationResults?.[key] ?? []).map(toMessage);
}

/** Errors of a 400/401 body in any of the shapes ZATCA uses. */
export function errorsOf(data: unknown, fallbackMessage: string): FatooraMessage[] {
  const body = asObject(data);
  const validation = messagesOf(body, 'errorMessages');
  if (validation.length > 0) return validation;
  const list = body.errors;
  if (Array.isArray(list) && list.length > 0) {
    return (list as CsidErrorEntry[]).map((e) =>
      typeof e === 'string' ? { code: 'UNKNOWN', category: '', message: e } : toMessage(e),
    );
  }
  if (typeof body.code === 'string' || typeof body.message === 'string') {
    return [toMessage(body)];
  }
  if (typeof data === 'string' && data.length > 0) {
    return [{ code: 'UNKNOWN', category: '', message: data.slice(0, 500) }];
  }
  return [{ code: 'UNKNOWN', category: '', message: fallbackMessage }];
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function messageText(data: unknown, fallback: string): string {
  const first = errorsOf(data, fallback)[0];
  return first.message || fallback;
}

/** Answers every call shares: auth, throttling, server errors. */
function failureFor(answer: HttpAnswer): FailureResult | null {
  const { status } = answer;
  if (status === 401 || status === 403) {
    return { kind: 'unauthorized', status, message: messageText(answer.data, 'Unauthorized') };
  }
  if (status === 429) {
    return {
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: retryAfterMs(answer.headers['retry-after']),
      message: messageText(answer.data, 'Too many requests'),
    };
  }
  if (status >= 500 && status <= 599) {
    return { kind: 'transient', status, reason: 'server-error', message: `HTTP ${status}` };
  }
  return null;
}

function clearedInvoiceOf(body: InvoiceResponseBody): ClearedInvoice | undefined {
  if (typeof body.clearedInvoice !== 'string' || body.clearedInvoice.length === 0) return undefined;
  const bytes = Buffer.from(body.clearedInvoice, 'base64');
  return {
    base64: body.clearedInvoice,
    xml: bytes.toString('utf8'),
    ...(isUtf8(bytes) ? { bytes } : {}),
  };
}

/** Compliance answers carry clearanceStatus for standard and reportingStatus for simplified documents. */
function outcomeOf(call: InvoiceCall, body: InvoiceResponseBody): InvoiceOutcome {
  if (call === 'clearance') return 'cleared';
  if (call === 'reporting') return 'reported';
  return body.clearanceStatus ? 'cleared' : 'reported';
}

export function mapInvoiceAnswer(call: InvoiceCall, answer: HttpAnswer): FatooraResult {
  const failure = failureFor(answer);
  if (failure) return failure;
  const body = asObject(answer.data) as InvoiceResponseBody;
  const { status } = answer;
  switch (status) {
    case 200:
    case 202: {
      const errors = messagesOf(body, 'errorMessages');
      // A 2xx with NOT_* status and errors would be a rejection; ZATCA sends 400 for those.
      if (
        errors.length > 0 &&
        (body.reportingStatus === 'NOT_REPORTED' || body.clearanceStatus === 'NOT_CLEARED')
      ) {
        return { kind: 'rejected', status, errors, warnings: messagesOf(body, 'warningMessages') };
      }
      return {
        kind: 'accepted',
        status,
        outcome: outcomeOf(call, body),
        warnings: messagesOf(body, 'warningMessages'),
        info: messagesOf(body, 'infoMessages'),
        clearedInvoice: clearedInvoiceOf(body),
      };
    }
    case 208:
    case 409:
      return {
        kind: 'duplicate',
        status,
        outcome: status === 208 ? 'cleared' : 'reported',
        message: messageText(answer.data, 'Duplicate invoice'),
        clearedInvoice: clearedInvoiceOf(body),
      };
    case 303:
      return {
        kind: 'clearance-off',
        status,
        message: messageText(answer.data, 'Clearance is deactivated'),
      };
    case 400:
      return {
        kind: 'rejected',
        status,
        errors: errorsOf(answer.data, 'Bad request'),
        warnings: messagesOf(body, 'warningMessages'),
      };
    default:
      return { kind: 'unexpected', status, message: messageText(answer.data, `HTTP ${status}`) };
  }
}

export function mapCsidAnswer(answer: HttpAnswer): CsidResult {
  const failure = failureFor(answer);
  if (failure) return failure;
  const { status } = answer;
  const body = asObject(answer.data) as CsidResponseBody;
  if (
    (status === 200 || status === 428) &&
    typeof body.binarySecurityToken === 'string' &&
    typeof body.secret === 'string'
  ) {
    const csid = {
      binarySecurityToken: body.binarySecurityToken,
      secret: body.secret,
      requestID: String(body.requestID ?? ''),
      dispositionMessage: body.dispositionMessage ?? '',
      tokenType: body.tokenType ?? X509_TOKEN_TYPE,
      certificateBase64: Buffer.from(body.binarySecurityToken, 'base64').toString('ascii'),
    };
    return status === 200
      ? { kind: 'issued', status, csid }
      : { kind: 'compliance-required', status, csid };
  }
  if (status === 400 || status === 406 || status === 428) {
    return { kind: 'rejected', status, errors: errorsOf(answer.data, 'Bad request') };
  }
  return { kind: 'unexpected', status, message: messageText(answer.data, `HTTP ${status}`) };
}
