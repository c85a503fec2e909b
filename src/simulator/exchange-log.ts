import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { redactBody, redactHeaders } from '../fatoora/exchange';
import { AppendFile } from './state/append-file';
import { Fifo } from './state/fifo';
import { rotateFile } from './state/rotate-file';

/** Rotated copies of exchanges.jsonl kept: exchanges.1.jsonl (newest) to exchanges.3.jsonl. */
export const KEPT_EXCHANGE_LOGS = 3;

/** One request the simulator received and what it answered. */
export interface SimulatorExchange {
  id: number;
  at: string;
  environment: string;
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  /** The body as received; the invoice stays in full (decode it to inspect), secrets and OTPs are masked. */
  requestBody: unknown;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  durationMs: number;
  fault?: string;
}

/**
 * Everything received and answered: the last `memory` exchanges in memory for the admin
 * endpoint, all of them appended to `<stateDir>/exchanges.jsonl`, which is rotated once it
 * reaches `maxBytes` (0: never) — every invoice adds its whole XML to it. Authorization, OTP
 * and issued secrets never reach either.
 */
export class ExchangeLog {
  private readonly recent = new Fifo<SimulatorExchange>();
  private nextId = 1;
  /** Absent when exchanges are kept in memory only. */
  private readonly file?: AppendFile;

  constructor(
    stateDir: string,
    private readonly memory: number,
    private readonly maxBytes = 0,
    toFile = true,
  ) {
    if (!toFile) return;
    mkdirSync(stateDir, { recursive: true });
    this.file = new AppendFile(join(stateDir, 'exchanges.jsonl'));
  }

  record(
    exchange: Omit<SimulatorExchange, 'id' | 'requestHeaders' | 'responseHeaders'> & {
      requestHeaders: Record<string, unknown>;
      responseHeaders: Record<string, unknown>;
    },
  ): SimulatorExchange {
    const entry: SimulatorExchange = {
      ...exchange,
      id: this.nextId++,
      requestHeaders: redactHeaders(exchange.requestHeaders),
      requestBody: maskSecrets(exchange.requestBody),
      responseHeaders: redactHeaders(exchange.responseHeaders),
      responseBody: maskSecrets(exchange.responseBody),
    };
    this.recent.push(entry);
    while (this.recent.length > this.memory) this.recent.shift();
    if (this.file) {
      this.file.append(JSON.stringify(entry) + '\n');
      if (this.maxBytes > 0 && this.file.size >= this.maxBytes) this.rotate(this.file);
    }
    return entry;
  }

  list(filter: { path?: string; limit?: number } = {}): SimulatorExchange[] {
    const recent = this.recent.toArray();
    const matching = filter.path ? recent.filter((e) => e.path.includes(filter.path!)) : recent;
    return matching.slice(-(filter.limit ?? matching.length));
  }

  clear(): void {
    this.recent.clear();
  }

  private rotate(file: AppendFile): void {
    file.close();
    try {
      rotateFile(file.path, KEPT_EXCHANGE_LOGS);
    } finally {
      file.reopen(); // a new file, or the same one again if renaming failed
    }
  }

  /** Closes the file's descriptor (the simulator is shutting down). */
  close(): void {
    this.file?.close();
  }
}

/** Top-level documents kept whole; redactBody would replace them by their length and hash. */
const KEPT_WHOLE = ['invoice', 'clearedInvoice', 'csr'];

/** Only secret fields are masked here; invoices are kept whole so a user can look at them. */
export function maskSecrets(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const original = body as Record<string, unknown>;
  // Kept documents go to redactBody as null (same key order), so it does not hash ~45 KB of
  // base64 for nothing; they are put back below.
  let placeholders: Record<string, unknown> | undefined;
  for (const key of KEPT_WHOLE) {
    if (typeof original[key] === 'string') (placeholders ??= { ...original })[key] = null;
  }
  const redacted = redactBody(placeholders ?? body) as Record<string, unknown>;
  for (const key of KEPT_WHOLE) {
    if (typeof original[key] === 'string') redacted[key] = original[key];
  }
  return redacted;
}
