import type { IssuedCsid } from '../../../src/fatoora';
import { onboard } from './onboard';
import { startTestSimulator, type TestSimulator } from './simulator-harness';
import { TestEgs } from './test-egs';

jest.setTimeout(180_000);

describe('simulator fault injection through the admin endpoint', () => {
  let sim: TestSimulator;
  const egs = new TestEgs();
  let pcsid: IssuedCsid;

  beforeAll(async () => {
    sim = await startTestSimulator();
    ({ pcsid } = await onboard(sim.client(), egs));
  });
  afterEach(() => sim.admin.delete('/faults'));
  afterAll(() => sim.stop());

  it('answers 500 then 503 without processing: transient', async () => {
    expect((await sim.admin.put('/faults', { serverErrorRate: 1 })).status).toBe(200);
    const doc = egs.next('simplifiedInvoice', pcsid);
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'transient',
      status: 500,
      reason: 'server-error',
    });
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'transient',
      status: 503,
    });
    await sim.admin.delete('/faults');
    // Nothing was processed, so the identical resend is accepted, not a duplicate.
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'accepted',
    });
  });

  it('answers 429 with Retry-After: rate-limited', async () => {
    await sim.admin.put('/faults', { rateLimitRate: 1, retryAfterSeconds: 12 });
    const doc = egs.next('simplifiedInvoice', pcsid);
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 12_000,
    });
  });

  it('switches clearance off: 303 on clearance, standard documents accepted on reporting', async () => {
    await sim.admin.put('/faults', { clearanceOff: true });
    const doc = egs.next('standardInvoice', pcsid);
    expect(await sim.client().clearInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'clearance-off',
      status: 303,
      message:
        'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.',
    });
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'accepted',
      outcome: 'reported',
    });
  });

  it('processes but never answers: unknown outcome, and the identical resend is a duplicate', async () => {
    await sim.admin.put('/faults', { timeoutRate: 1, timeoutHoldMs: 5_000 });
    const doc = egs.next('simplifiedInvoice', pcsid);
    expect(await sim.client('sandbox', 1_500).reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'unknown-outcome',
      reason: 'timeout',
    });
    await sim.admin.delete('/faults');
    expect(await sim.client().reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'duplicate',
      status: 409,
    });
  });

  it('adds latency', async () => {
    await sim.admin.put('/faults', { latencyMs: 400 });
    const started = Date.now();
    await sim.client().reportInvoice(pcsid, egs.next('simplifiedInvoice', pcsid).submission);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('refuses bad fault settings', async () => {
    expect((await sim.admin.put('/faults', { serverErrorRate: 2 })).status).toBe(400);
    expect((await sim.admin.put('/faults', { nonsense: 1 })).status).toBe(400);
  });
});
