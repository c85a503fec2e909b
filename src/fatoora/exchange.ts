import { createHash } from 'node:crypto';

/**
 * One request/answer pair as the audit hook sees it. Built only from redacted data: never the
 * Authorization header, the secret, the OTP, a private key or a whole invoice.
 */
export interface FatooraExchange {
  call: FatooraCallName;
  environment: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: Record<string, unknown> | null;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  /** The result kind the client returned. */
  resultKind: string;
  startedAt: string;
  durationMs: number;
  error?: { code?: string; message: string };
}

export type FatooraCallName =
  | 'compliance-csid'
  | 'compliance-check'
  | 'production-csid'
  | 'production-csid-renewal'
  | 'reporting'
  | 'clearance';

export type ExchangeHook = (exchange: FatooraExchange) => void | Promise<void>;

const SECRET_HEADERS = new Set([
  'authorization',
  'otp',
  'cookie',
  'set-cookie',
  'proxy-authorization',
]);
const SECRET_FIELDS = new Set(['secret', 'otp', 'privatekey', 'private_key', 'password']);
const REDACTED = '[redacted]';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64');

export function redactHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : headerText(value);
  }
  return out;
}

function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value) ?? '';
}

/** Large base64 payloads become their length and hash; secrets are masked at any depth. */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(key.toLowerCase())) out[key] = REDACTED;
    else if (
      (key === 'invoice' || key === 'clearedInvoice' || key === 'csr') &&
      typeof value === 'string'
    ) {
      out[key] = { bytes: Buffer.byteLength(value, 'base64'), sha256: sha256(value) };
    } else out[key] = redactBody(value);
  }
  return out;
}
