import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuth, type IssuedCsid } from '../../../src/fatoora';
import { onboard } from './onboard';
import { startTestSimulator, type TestSimulator } from './simulator-harness';
import { TestEgs } from './test-egs';

jest.setTimeout(120_000);

/**
 * The standalone simulator answers the invoice calls before Express and Nest (fatooraFastPath).
 * Every request here goes both ways, to the same simulator: through the fast path, and to the
 * Nest application alone. The answers must be the same, byte for byte.
 */
describe('the simulator fast path answers as Nest does', () => {
  let sim: TestSimulator;
  let nestOnly: Server;
  let nestUrl: string;
  const egs = new TestEgs();
  let pcsid: IssuedCsid;

  beforeAll(async () => {
    sim = await startTestSimulator();
    ({ pcsid } = await onboard(sim.client(), egs));
    nestOnly = createServer(sim.app.getHttpAdapter().getInstance() as RequestListener);
    await new Promise<void>((resolve) => nestOnly.listen(0, '127.0.0.1', resolve));
    nestUrl = `http://127.0.0.1:${(nestOnly.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => nestOnly.close(resolve));
    await sim.stop();
  });
  afterEach(() => sim.admin.put('/faults', { clearanceOff: false }));

  const REPORTING = '/e-invoicing/developer-portal/invoices/reporting/single';
  const CLEARANCE = '/e-invoicing/developer-portal/invoices/clearance/single';

  /** The same request to both; what came back: status, the headers that matter, the body. */
  async function both(path: string, body: string, headers: Record<string, string> = {}) {
    const ask = async (base: string) => {
      const res = await fetch(base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', 'accept-version': 'V2', ...headers },
        body,
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        location: res.headers.get('location'),
        etag: res.headers.get('etag'),
        poweredBy: res.headers.get('x-powered-by'),
        body: await res.text(),
      };
    };
    const fast = await ask(sim.url);
    const nest = await ask(nestUrl);
    expect(fast).toEqual(nest);
    return fast;
  }

  const auth = () => ({ authorization: basicAuth(pcsid) });
  /** Counts the requests that reach Express (and so Nest). */
  const throughExpress = () =>
    jest.spyOn(sim.app.getHttpAdapter().getInstance() as { handle: () => void }, 'handle');

  it('a call without credentials (401)', async () => {
    const express = throughExpress();
    const answer = await both(
      REPORTING,
      JSON.stringify({ invoiceHash: 'h', uuid: 'u', invoice: 'i' }),
    );
    expect(answer).toMatchObject({ status: 401, type: 'application/json; charset=utf-8' });
    expect(answer.etag).toBeNull();
    expect(answer.poweredBy).toBeNull();
    // Only the request sent to Nest alone went through Express: the other took the fast path.
    expect(express).toHaveBeenCalledTimes(1);
    express.mockRestore();
  });

  it('malformed JSON, a JSON string, an empty object (the body parser decides)', async () => {
    expect((await both(REPORTING, '{"invoiceHash": ', auth())).status).toBe(400);
    expect((await both(REPORTING, '"text"', auth())).status).toBe(400);
    expect((await both(REPORTING, '{}', auth())).status).toBe(400);
    expect((await both(REPORTING, ' [1] ', auth())).status).toBe(400);
  });

  it('an unknown environment segment (404)', async () => {
    const answer = await both('/e-invoicing/nowhere/invoices/reporting/single', '{}', auth());
    expect(answer.status).toBe(404);
  });

  it('a duplicate of a reported invoice (409), and of a cleared one (208, with its cleared XML)', async () => {
    const simplified = egs.next('simplifiedInvoice', pcsid);
    const standard = egs.next('standardInvoice', pcsid);
    expect((await sim.client().reportInvoice(pcsid, simplified.submission)).kind).toBe('accepted');
    expect((await sim.client().clearInvoice(pcsid, standard.submission)).kind).toBe('accepted');
    const reported = await both(REPORTING, JSON.stringify(simplified.submission), auth());
    expect(reported.status).toBe(409);
    const cleared = await both(CLEARANCE, JSON.stringify(standard.submission), {
      ...auth(),
      'clearance-status': '1',
    });
    expect(cleared.status).toBe(208);
    expect(cleared.body).toContain('clearedInvoice');
  });

  it('a fault: clearance switched off (303 with its Location)', async () => {
    const submission = JSON.stringify(egs.next('standardInvoice', pcsid).submission);
    await sim.admin.put('/faults', { clearanceOff: true });
    const moved = await both(CLEARANCE, submission, auth());
    expect(moved).toMatchObject({ status: 303, location: '../reporting/single' });
  });

  it('leaves to Nest what it does not answer exactly: other types, letter cases, methods', async () => {
    const before = sim.simulator.exchanges.list().length;
    const express = throughExpress();
    const text = await both(REPORTING, 'plain', { 'content-type': 'text/plain' });
    const upper = await both(REPORTING.toUpperCase(), '{}');
    // No credentials; an environment segment in capitals is not one.
    expect([text.status, upper.status]).toEqual([401, 404]);
    // Every one of those requests, fast or not, was recorded as an exchange.
    expect(sim.simulator.exchanges.list().length - before).toBe(4);
    expect(express).toHaveBeenCalledTimes(4);
    express.mockRestore();
  });
});
