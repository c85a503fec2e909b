import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  FatooraClient,
  fatooraBaseUrl,
  invoiceSubmission,
  type FatooraExchange,
} from '../../../src/fatoora';
import { json, startScriptedServer } from './scripted-server';

const creds = { binarySecurityToken: 'TUlJQ2VydA==', secret: 'top-secret-value' };
const submission = invoiceSubmission(
  '<Invoice/>',
  'aGFzaA==',
  '8e6000cf-1a98-4174-b3e7-b5d5954bc10d',
);
const validation = (status: string, warnings: unknown[] = [], errors: unknown[] = []) => ({
  infoMessages: [
    {
      type: 'INFO',
      code: 'XSD_ZATCA_VALID',
      category: 'XSD validation',
      message: 'ok',
      status: 'PASS',
    },
  ],
  warningMessages: warnings,
  errorMessages: errors,
  status,
});

describe('FatooraClient against a scripted server', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  let exchanges: FatooraExchange[];
  let client: FatooraClient;

  beforeAll(async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, {}));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    exchanges = [];
    server.received.length = 0;
    client = new FatooraClient({
      environment: 'simulation',
      host: server.url,
      language: 'ar',
      // Ample for answers under a loaded CI machine; the timeout test sets its own short one.
      invoiceTimeoutMs: 5_000,
      onExchange: (e) => void exchanges.push(e),
    });
  });

  it('maps environments onto ZATCA base URLs and keeps the prefix on a custom host', () => {
    expect(fatooraBaseUrl('sandbox')).toBe(
      'https://gw-fatoora.zatca.gov.sa/e-invoicing/developer-portal',
    );
    expect(fatooraBaseUrl('production')).toBe('https://gw-fatoora.zatca.gov.sa/e-invoicing/core');
    expect(client.baseUrl).toBe(`${server.url}/e-invoicing/simulation`);
  });

  it('sends the headers, Basic auth and body ZATCA expects', async () => {
    server.setScript((_r, res) =>
      json(res, 200, { validationResults: validation('PASS'), reportingStatus: 'REPORTED' }),
    );
    const result = await client.reportInvoice(creds, submission);
    expect(result).toMatchObject({
      kind: 'accepted',
      status: 200,
      outcome: 'reported',
      warnings: [],
    });
    const [req] = server.received;
    expect(req.url).toBe('/e-invoicing/simulation/invoices/reporting/single');
    expect(req.headers['accept-version']).toBe('V2');
    expect(req.headers['accept-language']).toBe('ar');
    expect(req.headers['clearance-status']).toBe('0');
    const decoded = Buffer.from(
      req.headers.authorization!.replace('Basic ', ''),
      'base64',
    ).toString();
    expect(decoded).toBe(`${creds.binarySecurityToken}:${creds.secret}`);
    expect(JSON.parse(req.body)).toEqual(submission);
  });

  it('returns warnings on 202 and the decoded cleared invoice', async () => {
    const warning = {
      type: 'WARNING',
      code: 'BR-KSA-09',
      category: 'KSA',
      message: 'address',
      status: 'WARNING',
    };
    const cleared = Buffer.from('<Invoice>stamped</Invoice>').toString('base64');
    server.setScript((_r, res) =>
      json(res, 202, {
        validationResults: validation('WARNING', [warning]),
        clearanceStatus: 'CLEARED',
        clearedInvoice: cleared,
      }),
    );
    const result = await client.clearInvoice(creds, submission);
    expect(result).toMatchObject({
      kind: 'accepted',
      status: 202,
      outcome: 'cleared',
      warnings: [{ code: 'BR-KSA-09', category: 'KSA', message: 'address' }],
      clearedInvoice: {
        base64: cleared,
        xml: '<Invoice>stamped</Invoice>',
        bytes: Buffer.from('<Invoice>stamped</Invoice>'),
      },
    });
    expect(server.received[0].headers['clearance-status']).toBe('1');
  });

  it('keeps the cleared bytes only when they are UTF-8, so they always equal the XML text', async () => {
    const arabic = Buffer.from('<Invoice>فاتورة</Invoice>', 'utf8');
    const broken = Buffer.concat([
      Buffer.from('<Invoice>'),
      Buffer.from([0xd9]),
      Buffer.from('</Invoice>'),
    ]);
    const answers = [arabic, broken];
    server.setScript((_r, res) =>
      json(res, 200, {
        validationResults: validation('PASS'),
        clearanceStatus: 'CLEARED',
        clearedInvoice: answers.shift()!.toString('base64'),
      }),
    );
    const good = await client.clearInvoice(creds, submission);
    const bad = await client.clearInvoice(creds, submission);
    const clearedOf = (r: typeof good) => ('clearedInvoice' in r ? r.clearedInvoice : undefined);
    expect(clearedOf(good)?.xml).toBe('<Invoice>فاتورة</Invoice>');
    expect(clearedOf(good)?.bytes).toEqual(arabic);
    expect(clearedOf(bad)?.xml).toBe('<Invoice>\ufffd</Invoice>');
    expect(clearedOf(bad)).not.toHaveProperty('bytes');
  });

  it('maps 400 to rejected with code, category and message', async () => {
    const error = {
      type: 'ERROR',
      code: 'invalid-invoice-hash',
      category: 'INVOICE_HASHING_ERRORS',
      message: 'bad',
      status: 'ERROR',
    };
    server.setScript((_r, res) =>
      json(res, 400, {
        validationResults: validation('ERROR', [], [error]),
        reportingStatus: 'NOT_REPORTED',
      }),
    );
    const result = await client.reportInvoice(creds, submission);
    expect(result).toEqual({
      kind: 'rejected',
      status: 400,
      errors: [
        { code: 'invalid-invoice-hash', category: 'INVOICE_HASHING_ERRORS', message: 'bad' },
      ],
      warnings: [],
    });
  });

  it('treats 208 and 409 as duplicates of an accepted document', async () => {
    server.setScript((_r, res) =>
      json(res, 409, {
        code: 'Invoice-Errors',
        category: 'Duplicate-Invoice',
        message: 'Invoice was already Reported successfully earlier.',
      }),
    );
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'duplicate',
      status: 409,
      outcome: 'reported',
    });
    server.setScript((_r, res) =>
      json(res, 208, {
        clearanceStatus: 'CLEARED',
        clearedInvoice: Buffer.from('<x/>').toString('base64'),
      }),
    );
    expect(await client.clearInvoice(creds, submission)).toMatchObject({
      kind: 'duplicate',
      status: 208,
      outcome: 'cleared',
      clearedInvoice: { xml: '<x/>' },
    });
  });

  it('does not follow 303 and reports clearance as switched off', async () => {
    server.setScript((_r, res) =>
      json(
        res,
        303,
        {
          message:
            'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.',
        },
        { location: '/elsewhere' },
      ),
    );
    const result = await client.clearInvoice(creds, submission);
    expect(result).toMatchObject({ kind: 'clearance-off', status: 303 });
    expect(server.received).toHaveLength(1);
  });

  it('maps 401, 429 with Retry-After and 5xx', async () => {
    server.setScript((_r, res) => json(res, 401, { message: 'Unauthorized' }));
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'unauthorized',
      status: 401,
    });
    server.setScript((_r, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '7' }));
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 7000,
    });
    server.setScript((_r, res) => json(res, 503, 'down'));
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'transient',
      status: 503,
      reason: 'server-error',
    });
    server.setScript((_r, res) => json(res, 406, { message: 'version' }));
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'unexpected',
      status: 406,
    });
  });

  it('calls a timeout after the request was sent an unknown outcome', async () => {
    server.setScript(() => undefined); // never answers
    const impatient = new FatooraClient({
      environment: 'simulation',
      host: server.url,
      invoiceTimeoutMs: 300,
    });
    const result = await impatient.reportInvoice(creds, submission);
    expect(result).toMatchObject({ kind: 'unknown-outcome', reason: 'timeout' });
  });

  it('calls a connection lost after sending an unknown outcome', async () => {
    server.setScript((_r, res) => res.socket?.destroy());
    expect(await client.reportInvoice(creds, submission)).toMatchObject({
      kind: 'unknown-outcome',
      reason: 'connection-lost',
    });
  });

  it('calls a refused connection transient (nothing was sent)', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const offline = new FatooraClient({ environment: 'sandbox', host: `http://127.0.0.1:${port}` });
    expect(await offline.reportInvoice(creds, submission)).toMatchObject({
      kind: 'transient',
      reason: 'connect-failed',
    });
  });

  it('calls a connect that never completes a transient connect timeout', async () => {
    // A socket that never connects: the request is never written.
    const { Agent } = await import('node:http');
    const { Socket } = await import('node:net');
    const stuck = new Agent();
    (stuck as unknown as { createConnection: () => InstanceType<typeof Socket> }).createConnection =
      () => {
        const socket = new Socket();
        // Looks like a TCP connect in progress that never completes.
        (socket as unknown as { connecting: boolean }).connecting = true;
        return socket;
      };
    const hanging = new FatooraClient({
      environment: 'sandbox',
      host: server.url,
      invoiceTimeoutMs: 200,
      httpAgent: stuck,
    });
    expect(await hanging.reportInvoice(creds, submission)).toMatchObject({
      kind: 'transient',
      reason: 'connect-timeout',
    });
  });

  it('maps CSID answers, including the 428 renewal and error lists', async () => {
    const token = Buffer.from('MIIBcert').toString('base64');
    server.setScript((_r, res) =>
      json(res, 428, {
        requestID: 1234567890123,
        dispositionMessage: 'NOT_COMPLIANT',
        binarySecurityToken: token,
        secret: 's3',
        errors: null,
      }),
    );
    const renewal = await client.renewProductionCsid(
      creds,
      '-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----',
      '123456',
    );
    expect(renewal).toMatchObject({
      kind: 'compliance-required',
      status: 428,
      csid: { requestID: '1234567890123', certificateBase64: 'MIIBcert', secret: 's3' },
    });
    const patch = server.received[0];
    expect(patch.method).toBe('PATCH');
    expect(patch.headers.otp).toBe('123456');
    expect(
      Buffer.from((JSON.parse(patch.body) as { csr: string }).csr, 'base64').toString(),
    ).toContain('BEGIN CERTIFICATE REQUEST');

    server.setScript((_r, res) =>
      json(res, 400, { errors: [{ code: 'Invalid-OTP', message: 'OTP is not valid' }] }),
    );
    expect(await client.requestComplianceCsid('AA==', '000000')).toEqual({
      kind: 'rejected',
      status: 400,
      errors: [{ code: 'Invalid-OTP', category: '', message: 'OTP is not valid' }],
    });
    server.setScript((_r, res) => json(res, 400, { errors: ['Invalid CSR'] }));
    expect(await client.requestComplianceCsid('AA==', '123345')).toMatchObject({
      kind: 'rejected',
      errors: [{ message: 'Invalid CSR' }],
    });
    // POST /compliance carries no Authorization header.
    expect(server.received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('never hands the secret, the OTP or the whole invoice to the audit hook', async () => {
    server.setScript((_r, res) =>
      json(res, 200, {
        requestID: 1,
        binarySecurityToken: 'VE9L',
        secret: 'issued-secret',
        dispositionMessage: 'ISSUED',
      }),
    );
    await client.requestComplianceCsid('AA==', '123345');
    await client.requestProductionCsid(creds, '1');
    server.setScript((_r, res) =>
      json(res, 200, { validationResults: validation('PASS'), reportingStatus: 'REPORTED' }),
    );
    await client.reportInvoice(creds, submission);
    const text = JSON.stringify(exchanges);
    expect(exchanges.map((e) => e.call)).toEqual([
      'compliance-csid',
      'production-csid',
      'reporting',
    ]);
    for (const secret of [
      'issued-secret',
      creds.secret,
      '123345',
      submission.invoice,
      Buffer.from(`${creds.binarySecurityToken}:${creds.secret}`).toString('base64'),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(exchanges[2]).toMatchObject({
      status: 200,
      resultKind: 'accepted',
      requestBody: { uuid: submission.uuid, invoiceHash: submission.invoiceHash },
    });
    expect(exchanges[2].requestHeaders.Authorization).toBe('[redacted]');
  });
});
