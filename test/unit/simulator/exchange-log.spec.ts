import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactBody } from '../../../src/fatoora/exchange';
import { ExchangeLog, maskSecrets } from '../../../src/simulator/exchange-log';
import { resolveSimulatorOptions } from '../../../src/simulator/simulator-options';

const exchange = (path: string) => ({
  at: '2025-01-01T00:00:00.000Z',
  environment: 'sandbox',
  method: 'POST',
  path,
  requestHeaders: {},
  requestBody: { invoice: 'AAAA' },
  status: 200,
  responseHeaders: {},
  responseBody: {},
  durationMs: 1,
});

describe('exchanges.jsonl rotation', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-exchanges-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The paths recorded in each file, by file name. */
  const files = () =>
    Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((name) => [
          name,
          readFileSync(join(dir, name), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as { path: string }).path),
        ]),
    );
  const lineBytes = () => {
    const probe = new ExchangeLog(join(dir, 'probe'), 10);
    probe.record(exchange('/p1'));
    probe.close();
    const bytes = readFileSync(join(dir, 'probe', 'exchanges.jsonl')).length;
    rmSync(join(dir, 'probe'), { recursive: true });
    return bytes;
  };

  it('renames the file once it reaches the limit and starts a new one, keeping three', () => {
    const bytes = lineBytes();
    // Two lines stay under the limit, the third reaches it.
    const log = new ExchangeLog(dir, 100, Math.floor(bytes * 2.5));
    for (let i = 1; i <= 14; i++) log.record(exchange(`/p${i}`));
    log.close();
    expect(files()).toEqual({
      'exchanges.1.jsonl': ['/p10', '/p11', '/p12'],
      'exchanges.2.jsonl': ['/p7', '/p8', '/p9'],
      'exchanges.3.jsonl': ['/p4', '/p5', '/p6'],
      'exchanges.jsonl': ['/p13', '/p14'],
    });
    // The memory for the admin endpoint is not affected.
    expect(log.list().map((e) => e.path)).toHaveLength(14);
  });

  it('counts what an earlier run left in the file', () => {
    const bytes = lineBytes();
    const first = new ExchangeLog(dir, 100, bytes * 3);
    first.record(exchange('/p1'));
    first.record(exchange('/p2'));
    first.close();
    const second = new ExchangeLog(dir, 100, bytes * 3);
    second.record(exchange('/p3'));
    second.record(exchange('/p4'));
    second.close();
    expect(files()).toEqual({
      'exchanges.1.jsonl': ['/p1', '/p2', '/p3'],
      'exchanges.jsonl': ['/p4'],
    });
  });

  it('never rotates with a limit of 0', () => {
    const log = new ExchangeLog(dir, 100, 0);
    for (let i = 1; i <= 5; i++) log.record(exchange(`/p${i}`));
    log.close();
    expect(existsSync(join(dir, 'exchanges.1.jsonl'))).toBe(false);
    expect(files()['exchanges.jsonl']).toHaveLength(5);
  });

  it('takes the limit from SIMULATOR_EXCHANGE_LOG_MAX_BYTES, 64 MiB by default', () => {
    expect(resolveSimulatorOptions({}, {}).exchangeLogMaxBytes).toBe(64 * 1024 * 1024);
    const env = { SIMULATOR_EXCHANGE_LOG_MAX_BYTES: '1000' };
    expect(resolveSimulatorOptions({}, env).exchangeLogMaxBytes).toBe(1000);
    expect(resolveSimulatorOptions({ exchangeLogMaxBytes: 5 }, env).exchangeLogMaxBytes).toBe(5);
    expect(() => resolveSimulatorOptions({}, { SIMULATOR_EXCHANGE_LOG_MAX_BYTES: '-1' })).toThrow(
      /SIMULATOR_EXCHANGE_LOG_MAX_BYTES/,
    );
  });
});

describe('exchanges kept in memory only', () => {
  it('writes no file with SIMULATOR_EXCHANGE_LOG=false and still serves the recent ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-exchanges-'));
    try {
      const options = resolveSimulatorOptions({}, { SIMULATOR_EXCHANGE_LOG: 'false' });
      expect(options.exchangeLogFile).toBe(false);
      expect(resolveSimulatorOptions({}, {}).exchangeLogFile).toBe(true);
      const log = new ExchangeLog(join(dir, 'state'), 2, 0, options.exchangeLogFile);
      for (let i = 1; i <= 3; i++) log.record(exchange(`/p${i}`));
      log.close();
      expect(log.list().map((e) => e.path)).toEqual(['/p2', '/p3']);
      expect(existsSync(join(dir, 'state'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('maskSecrets', () => {
  // As it was written before: redact everything, then put the top-level documents back.
  const former = (body: unknown): unknown => {
    if (body === null || typeof body !== 'object') return body;
    const redacted = redactBody(body) as Record<string, unknown>;
    const original = body as Record<string, unknown>;
    for (const key of ['invoice', 'clearedInvoice', 'csr']) {
      if (typeof original[key] === 'string') redacted[key] = original[key];
    }
    return redacted;
  };
  const bodies: unknown[] = [
    { invoiceHash: 'h', uuid: 'u', invoice: 'PEludm9pY2U+' },
    { csr: 'Q1NS', secret: 's3cret', nested: { invoice: 'QUJD', otp: '123' } },
    { validationResults: { status: 'PASS' }, clearanceStatus: 'CLEARED', clearedInvoice: 'WFla' },
    { binarySecurityToken: 'dG9r', secret: 'x', requestID: 1 },
    { invoice: 42, items: [{ password: 'p', csr: 'QQ==' }] },
    [{ invoice: 'QUJD' }],
    null,
    'text',
  ];

  it('masks exactly as before: secrets at any depth, nested documents hashed, top-level kept', () => {
    for (const body of bodies) {
      const masked = maskSecrets(body);
      expect(masked).toEqual(former(body));
      // Same key order, so the same line in exchanges.jsonl.
      expect(JSON.stringify(masked)).toBe(JSON.stringify(former(body)));
    }
    expect(maskSecrets(bodies[1])).toMatchObject({
      csr: 'Q1NS',
      secret: '[redacted]',
      nested: { invoice: { bytes: 3 }, otp: '[redacted]' },
    });
  });

  it('leaves the body it was given unchanged', () => {
    const body = { invoice: 'QUJD', secret: 's' };
    maskSecrets(body);
    expect(body).toEqual({ invoice: 'QUJD', secret: 's' });
  });
});
