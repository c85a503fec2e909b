import axios, { AxiosError, type AxiosInstance, type RawAxiosRequestHeaders } from 'axios';
import type { Agent as HttpAgent } from 'node:http';
import { fatooraBaseUrl, type FatooraEnvironment } from './environments';
import { redactBody, redactHeaders, type ExchangeHook, type FatooraCallName } from './exchange';
import type { CsidCredentials, CsidResult, FailureResult, FatooraResult } from './fatoora-result';
import { classifyNetworkFailure, type NetworkFailure } from './network-errors';
import { SendTracker } from './send-tracker';
import {
  mapCsidAnswer,
  mapInvoiceAnswer,
  type HttpAnswer,
  type InvoiceCall,
} from './response-mapping';
import type { InvoiceSubmission } from './wire-types';

export type FatooraLanguage = 'en' | 'ar';

/** Minimal logger; the client only logs one summary line per call, never headers or bodies. */
export interface FatooraLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface FatooraClientOptions {
  environment: FatooraEnvironment;
  /** Replaces ZATCA's gateway host (e.g. the simulator); the environment path is kept. */
  host?: string;
  /** Full base URL used as is; wins over `host`. */
  baseUrl?: string;
  language?: FatooraLanguage;
  /** Timeouts in ms. Always applied: invoices 10 s, CSID calls 30 s by default. */
  invoiceTimeoutMs?: number;
  csidTimeoutMs?: number;
  onExchange?: ExchangeHook;
  logger?: FatooraLogger;
  /** For tests and proxies. */
  httpAgent?: HttpAgent;
}

export const DEFAULT_INVOICE_TIMEOUT_MS = 10_000;
export const DEFAULT_CSID_TIMEOUT_MS = 30_000;

interface CallSpec {
  call: FatooraCallName;
  method: 'POST' | 'PATCH';
  path: string;
  body: object;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * Typed client for ZATCA's Fatoora API (spec 6). Plain TypeScript, usable outside Nest.
 * Every method resolves to a result union; HTTP and network failures never throw.
 */
export class FatooraClient {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;

  constructor(private readonly options: FatooraClientOptions) {
    this.baseUrl = (options.baseUrl ?? fatooraBaseUrl(options.environment, options.host)).replace(
      /\/+$/,
      '',
    );
    this.http = axios.create({
      baseURL: this.baseUrl,
      // Every status is an answer to map, and 303 must not be followed (spec 6.4).
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: options.httpAgent,
      // Keep the raw text: error bodies are not always JSON.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
  }

  get environment(): FatooraEnvironment {
    return this.options.environment;
  }

  /** #1 POST /compliance: CSR + OTP → compliance CSID. */
  requestComplianceCsid(csrPem: string, otp: string): Promise<CsidResult> {
    return this.csidCall({
      call: 'compliance-csid',
      method: 'POST',
      path: '/compliance',
      body: { csr: encodeCsr(csrPem) },
      headers: { OTP: otp },
      timeoutMs: this.csidTimeout,
    });
  }

  /** #2 POST /compliance/invoices with the compliance CSID. */
  checkCompliance(ccsid: CsidCredentials, submission: InvoiceSubmission): Promise<FatooraResult> {
    return this.invoiceCall(
      'compliance',
      ccsid,
      submission,
      '/compliance/invoices',
      'compliance-check',
    );
  }

  /** #3 POST /production/csids: compliance request ID → production CSID. */
  requestProductionCsid(ccsid: CsidCredentials, complianceRequestId: string): Promise<CsidResult> {
    return this.csidCall({
      call: 'production-csid',
      method: 'POST',
      path: '/production/csids',
      body: { compliance_request_id: complianceRequestId },
      headers: { Authorization: basicAuth(ccsid) },
      timeoutMs: this.csidTimeout,
    });
  }

  /**
   * #4 PATCH /production/csids with the current PCSID and an OTP. ZATCA answers 428 with new
   * credentials marked NOT_COMPLIANT (`compliance-required`): run the compliance checks with
   * them, then call requestProductionCsid with the new requestID (see renewProductionCsid in
   * ./renewal-flow for the whole sequence).
   */
  renewProductionCsid(pcsid: CsidCredentials, csrPem: string, otp: string): Promise<CsidResult> {
    return this.csidCall({
      call: 'production-csid-renewal',
      method: 'PATCH',
      path: '/production/csids',
      body: { csr: encodeCsr(csrPem) },
      headers: { Authorization: basicAuth(pcsid), OTP: otp },
      timeoutMs: this.csidTimeout,
    });
  }

  /** #5 POST /invoices/reporting/single (simplified documents; standard ones when clearance is off). */
  reportInvoice(pcsid: CsidCredentials, submission: InvoiceSubmission): Promise<FatooraResult> {
    return this.invoiceCall(
      'reporting',
      pcsid,
      submission,
      '/invoices/reporting/single',
      'reporting',
      '0',
    );
  }

  /** #6 POST /invoices/clearance/single (standard documents). */
  clearInvoice(pcsid: CsidCredentials, submission: InvoiceSubmission): Promise<FatooraResult> {
    return this.invoiceCall(
      'clearance',
      pcsid,
      submission,
      '/invoices/clearance/single',
      'clearance',
      '1',
    );
  }

  private get csidTimeout(): number {
    return positive(this.options.csidTimeoutMs, DEFAULT_CSID_TIMEOUT_MS);
  }

  private invoiceCall(
    kind: InvoiceCall,
    credentials: CsidCredentials,
    submission: InvoiceSubmission,
    path: string,
    call: FatooraCallName,
    clearanceStatus?: '0' | '1',
  ): Promise<FatooraResult> {
    const headers: Record<string, string> = { Authorization: basicAuth(credentials) };
    if (clearanceStatus !== undefined) headers['Clearance-Status'] = clearanceStatus;
    const body: InvoiceSubmission = {
      invoiceHash: submission.invoiceHash,
      uuid: submission.uuid,
      invoice: submission.invoice,
    };
    const timeoutMs = positive(this.options.invoiceTimeoutMs, DEFAULT_INVOICE_TIMEOUT_MS);
    return this.exchange({ call, method: 'POST', path, body, headers, timeoutMs }, (a) =>
      mapInvoiceAnswer(kind, a),
    );
  }

  private csidCall(spec: CallSpec): Promise<CsidResult> {
    return this.exchange(spec, mapCsidAnswer);
  }

  private async exchange<R extends { kind: string }>(
    spec: CallSpec,
    map: (answer: HttpAnswer) => R,
  ): Promise<R | FailureResult> {
    const headers: RawAxiosRequestHeaders = {
      'Accept-Version': 'V2',
      'Accept-Language': this.options.language ?? 'en',
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...spec.headers,
    };
    const startedAt = new Date();
    let answer: HttpAnswer | null = null;
    let result: R | FailureResult;
    let error: { code?: string; message: string } | undefined;
    const tracker = new SendTracker();
    // Wall-clock cap: axios' own timeout is a socket idle timer once a custom transport is used.
    // A timer cleared when the call ends, not AbortSignal.timeout: that one's timer and signal
    // live for the whole timeout (10 s), so every call's outlived two young-generation
    // collections and went to the old generation, which then needed a full GC far more often.
    const wallClock = new AbortController();
    const timer = setTimeout(() => wallClock.abort(), spec.timeoutMs);
    try {
      const response = await this.http.request<string>({
        method: spec.method,
        url: spec.path,
        data: spec.body,
        headers,
        timeout: spec.timeoutMs,
        signal: wallClock.signal,
        transport: tracker.transport(),
      });
      answer = {
        status: response.status,
        headers: flatHeaders(response.headers),
        data: parseJson(response.data),
      };
      result = map(answer);
    } catch (err) {
      const failure = networkFailureOf(err, tracker.requestSent);
      error = { code: failure.code, message: failure.message };
      result = classifyNetworkFailure(failure);
    } finally {
      clearTimeout(timer);
    }
    const durationMs = Date.now() - startedAt.getTime();
    this.log(spec, answer?.status ?? null, result.kind, durationMs);
    await this.audit(spec, headers, answer, result.kind, startedAt, durationMs, error);
    return result;
  }

  private log(spec: CallSpec, status: number | null, kind: string, durationMs: number): void {
    const line = `fatoora ${this.options.environment} ${spec.method} ${spec.path} → ${status ?? '-'} ${kind} in ${durationMs} ms`;
    if (kind === 'accepted' || kind === 'issued' || kind === 'duplicate')
      this.options.logger?.debug(line);
    else this.options.logger?.warn(line);
  }

  private async audit(
    spec: CallSpec,
    headers: RawAxiosRequestHeaders,
    answer: HttpAnswer | null,
    resultKind: string,
    startedAt: Date,
    durationMs: number,
    error?: { code?: string; message: string },
  ): Promise<void> {
    if (!this.options.onExchange) return;
    try {
      await this.options.onExchange({
        call: spec.call,
        environment: this.options.environment,
        method: spec.method,
        url: this.baseUrl + spec.path,
        requestHeaders: redactHeaders(headers),
        requestBody: redactBody(spec.body) as Record<string, unknown>,
        status: answer?.status ?? null,
        responseHeaders: answer ? redactHeaders(answer.headers) : {},
        responseBody: answer ? redactBody(answer.data) : null,
        resultKind,
        startedAt: startedAt.toISOString(),
        durationMs,
        error,
      });
    } catch (hookError) {
      // The audit hook must not turn an answered call into a failure; say so and move on.
      this.options.logger?.warn(`fatoora audit hook failed: ${(hookError as Error).message}`);
    }
  }
}

export function basicAuth({ binarySecurityToken, secret }: CsidCredentials): string {
  return 'Basic ' + Buffer.from(`${binarySecurityToken}:${secret}`, 'utf8').toString('base64');
}

/** The API wants base64 of the PEM text (spec 5.4); accept PEM, or the base64 form already made. */
export function encodeCsr(csr: string): string {
  const trimmed = csr.trim();
  return trimmed.startsWith('-----BEGIN')
    ? Buffer.from(trimmed + '\n', 'utf8').toString('base64')
    : trimmed;
}

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return text ?? null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function flatHeaders(headers: object): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function networkFailureOf(err: unknown, requestSent: boolean): NetworkFailure {
  if (err instanceof AxiosError) {
    const cause = err.cause as { code?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? cause.code : err.code;
    return { code, message: err.message || String(code), requestSent };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: undefined, message, requestSent };
}
