import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { verifyChains } from '../../../src/chain/chain-verifier';
import { FatooraClient, type IssuedCsid } from '../../../src/fatoora';
import { IntakeService } from '../../../src/invoices/intake.service';
import { InvoiceStatusService } from '../../../src/invoices/invoice-status.service';
import { faultsFromEnv } from '../../../src/simulator/faults/fault-settings';
import type { SimulatorExchange } from '../../../src/simulator/exchange-log';
import type { RunningSimulator } from '../../../src/simulator/standalone';
import { backends, type TestDatabase } from '../../support/database';
import { startOutageProxy, type OutageProxy } from '../../support/outage-proxy';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
  testPipelineConfig,
} from '../../support/pipeline-harness';
import { readArchived } from '../../support/archive';
import { auditOf, exchangesFor } from '../../support/pipeline-probes';
import { SimulatorEgsProvider } from '../../support/simulator-egs-provider';
import { until } from '../../support/wait';
import { onboard } from '../../unit/simulator/onboard';
import { TestEgs } from '../../unit/simulator/test-egs';

const RETRY_AFTER_S = 2;
const CLEARANCE_OFF =
  'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.';

const route = (e: SimulatorExchange) => /\/invoices\/(\w+)\/single$/.exec(e.path)![1];
const sentInvoice = (e: SimulatorExchange) => (e.requestBody as { invoice: string }).invoice;

/**
 * ZATCA's 429 and 303 end to end, through the simulator's fault injection (spec 6.4, 8.1,
 * 8.2): Retry-After is honoured, and a standard document meets switched-off clearance by
 * going to reporting with its identical EGS-signed bytes.
 */
describe.each(backends)('429 Retry-After and 303 clearance off on $name', (backend) => {
  let sim: RunningSimulator;
  let proxy: OutageProxy;
  let egs: SimulatorEgsProvider;
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let intake: IntakeService;
  let status: InvoiceStatusService;

  beforeAll(async () => {
    sim = await fastSimulator();
    proxy = await startOutageProxy(sim.url);
    egs = new SimulatorEgsProvider(sim.url);
    await egs.onboard('u1');
    // A second unit reaches the simulator through a proxy that can fail one endpoint.
    await egs.onboard('u2', proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });

  beforeEach(async () => {
    db = await backend.create();
    // Backoff at most 300 ms: a retry 2 s later can only come from Retry-After.
    app = await startPipelineApp(db, egs, testPipelineConfig({ retryBaseMs: 20, retryMaxMs: 300 }));
    ds = app.get(DataSource);
    intake = app.get(IntakeService);
    status = app.get(InvoiceStatusService);
  });
  afterEach(async () => {
    sim.simulator.faults.update({
      rateLimitRate: 0,
      clearanceOff: false,
      reportingStandard303: false,
    });
    await proxy.set('forward');
    await app?.close();
    await db?.drop();
  });

  const submit = (
    recordId: string,
    fixture: 'simplified-invoice' | 'standard-invoice',
    options: { unitId?: string; waitMs?: number } = {},
  ) =>
    intake.submit({
      source: 'erp',
      recordId,
      unitId: options.unitId ?? 'u1',
      invoice: canonicalInvoice(fixture),
      waitMs: options.waitMs,
    });

  const settled = (uuid: string, ms = 20000) =>
    until(
      async () => {
        const inv = await status.invoice(uuid);
        return inv && inv.state !== 'pending' ? inv : undefined;
      },
      ms,
      `invoice ${uuid} to leave pending`,
    );

  it('429: waits the Retry-After before the next attempt, then clears and reports once', async () => {
    sim.simulator.faults.update({ rateLimitRate: 1, retryAfterSeconds: RETRY_AFTER_S });
    const simplified = await submit('r1', 'simplified-invoice');
    const standard = await submit('r2', 'standard-invoice', { waitMs: 0 });
    expect([simplified.state, standard.state]).toEqual(['pending', 'pending']);
    for (const r of [simplified, standard]) {
      await until(
        async () =>
          (await auditOf(ds, r.uuid)).some((s) => s.action === 'invoice.submission-failed')
            ? true
            : undefined,
        10000,
        'the 429',
      );
    }
    sim.simulator.faults.update({ rateLimitRate: 0 });

    for (const r of [simplified, standard]) {
      const final = await settled(r.uuid);
      expect(final.state).toBe(r === simplified ? 'reported' : 'cleared');
      const calls = exchangesFor(sim, r.uuid);
      expect(calls.map((c) => [c.status, c.fault])).toEqual([
        [429, 'rate-limit'],
        [expect.any(Number), undefined],
      ]);
      expect(calls[0].responseHeaders['retry-after']).toBe(String(RETRY_AFTER_S));
      expect([200, 202]).toContain(calls[1].status);
      // The next request reached ZATCA no sooner than Retry-After after the 429 was asked for
      // (the 429 is answered within milliseconds), and not much later either.
      const gap = Date.parse(calls[1].at) - Date.parse(calls[0].at);
      expect(gap).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
      expect(gap).toBeLessThan(RETRY_AFTER_S * 1000 + 5000);
      // The audit trail says why it waited.
      const steps = await auditOf(ds, r.uuid);
      expect(steps.map((s) => s.action)).toEqual([
        'invoice.signed',
        'invoice.submission-failed',
        r === simplified ? 'invoice.reported' : 'invoice.cleared',
      ]);
      expect(steps[1].data).toMatchObject({
        resultKind: 'rate-limited',
        httpStatus: 429,
        retryInMs: RETRY_AFTER_S * 1000,
      });
      expect(Date.parse(steps[2].at) - Date.parse(steps[1].at)).toBeGreaterThanOrEqual(
        RETRY_AFTER_S * 1000 - 250,
      );
    }
    expect((await status.status()).queue.total).toBe(0);
  });

  it('303: a standard invoice meets switched-off clearance, goes to reporting with its identical signed bytes, and ends reported', async () => {
    sim.simulator.faults.update({ clearanceOff: true });
    const result = await submit('r1', 'standard-invoice');
    // The intake's clearance wait sees the final state, reached through reporting.
    expect(result).toMatchObject({ state: 'reported', icv: 1, clearedInvoice: null });
    expect(result.zatcaStatus).toMatch(/^(PASS|WARNING)$/);

    const calls = exchangesFor(sim, result.uuid);
    expect(calls.map((c) => [route(c), c.status])).toEqual([
      ['clearance', 303],
      ['reporting', expect.any(Number)],
    ]);
    expect(calls[0].responseBody).toEqual({ message: CLEARANCE_OFF });
    expect([200, 202]).toContain(calls[1].status);
    expect(calls[1].responseBody).toMatchObject({ reportingStatus: 'REPORTED' });
    // Spec 6.2: Clearance-Status 1 on clearance, 0 on reporting.
    expect(calls.map((c) => c.requestHeaders['clearance-status'])).toEqual(['1', '0']);
    // The same EGS-signed document (with the EGS's QR, spec 8.2), byte for byte.
    const [row]: Array<{ signed_xml: string; route: string; archived_path: string }> =
      await ds.query('SELECT signed_xml, route, archived_path FROM invoices WHERE uuid = ?', [
        result.uuid,
      ]);
    const stored = Buffer.from(row.signed_xml, 'utf8').toString('base64');
    expect(sentInvoice(calls[0])).toBe(stored);
    expect(sentInvoice(calls[1])).toBe(stored);
    expect(row.signed_xml).toContain('<cbc:ID>QR</cbc:ID>');
    expect(row.route).toBe('reporting');
    // Archived as signed (there is no cleared document).
    expect(row.archived_path).toMatch(/[/\\]signed[/\\]\d{4}[/\\]/);
    expect(readArchived(row.archived_path)).toBe(row.signed_xml);

    const steps = await auditOf(ds, result.uuid);
    expect(steps.map((s) => s.action)).toEqual([
      'invoice.signed',
      'invoice.rerouted',
      'invoice.reported',
    ]);
    expect(steps[1].data).toMatchObject({
      resultKind: 'clearance-off',
      httpStatus: 303,
      route: 'reporting',
    });

    // Simplified invoices are not affected; the next standard one is rerouted too.
    const simplified = await submit('r2', 'simplified-invoice');
    expect((await settled(simplified.uuid)).state).toBe('reported');
    const next = await submit('r3', 'standard-invoice');
    expect(next).toMatchObject({ state: 'reported', icv: 3 });
    // Clearance back on: standard invoices are cleared again.
    sim.simulator.faults.update({ clearanceOff: false });
    const cleared = await submit('r4', 'standard-invoice');
    expect(cleared).toMatchObject({ state: 'cleared', icv: 4 });
    expect(cleared.clearedInvoice).toBeTruthy();

    expect(await verifyChains(ds)).toMatchObject({ ok: true, problems: [] });
    expect((await app.get(AuditTrail).verify()).ok).toBe(true);
  });

  /**
   * Clearance is switched back on while a standard document, rerouted by a 303, still waits
   * for its reporting retry. Spec 6.4 gives two readings of what reporting then answers a
   * standard document (400 "not a simplified document", or 303 "use clearance"): "handle
   * both". Either way the document must go back to clearance and end cleared: not a dead
   * letter `rejected` (which may not be replayed), nor retried on reporting forever.
   */
  const clearanceBackOn = (reading: '400' | '303') => async () => {
    // The first reporting attempt fails (503 at the edge), so the document waits on the
    // reporting route while ZATCA switches clearance back on.
    await proxy.set({ status: 503 }, /\/invoices\/reporting\/single$/);
    sim.simulator.faults.update({ clearanceOff: true });
    const result = await submit('r1', 'standard-invoice', { unitId: 'u2', waitMs: 0 });
    await until(
      async () => {
        const steps = await auditOf(ds, result.uuid);
        return steps.some((s) => s.action === 'invoice.rerouted') &&
          steps.some((s) => s.action === 'invoice.submission-failed' && s.data.httpStatus === 503)
          ? true
          : undefined;
      },
      10000,
      'the reroute and a failed reporting attempt',
    );
    sim.simulator.faults.update({ clearanceOff: false, reportingStandard303: reading === '303' });
    await proxy.set('forward');

    const final = await settled(result.uuid, 4000);
    expect(final).toMatchObject({ state: 'cleared', deadReason: null });
    expect(final.clearedInvoice).toBeTruthy();
  };

  it(
    'clearance back on before the rerouted document is reported (reporting answers 400): it is cleared',
    clearanceBackOn('400'),
  );

  it(
    'clearance back on before the rerouted document is reported (reporting answers 303): it is cleared',
    clearanceBackOn('303'),
  );
});

/** The simulator side of the 303 cases above: both readings of spec 6.4, switchable at run time. */
describe('simulator: a standard document sent to reporting', () => {
  let sim: RunningSimulator;
  let client: FatooraClient;
  const egs = new TestEgs();
  let pcsid: IssuedCsid;
  const admin = (method: 'PUT' | 'DELETE', body?: unknown) =>
    fetch(`${sim.url}/simulator/admin/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    sim = await fastSimulator();
    client = new FatooraClient({ environment: 'sandbox', host: sim.url });
    ({ pcsid } = await onboard(client, egs));
  });
  afterAll(() => sim?.close());

  it('is refused with 400 by default, answered 303 towards clearance with reportingStandard303, and accepted while clearance is off', async () => {
    const doc = egs.next('standardInvoice', pcsid);
    expect(await client.reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'rejected',
      status: 400,
      errors: [expect.objectContaining({ code: 'invoice-type-mismatch' })],
    });

    const set = await admin('PUT', { reportingStandard303: true });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ reportingStandard303: true, clearanceOff: false });
    const next = egs.next('standardInvoice', pcsid);
    expect(await client.reportInvoice(pcsid, next.submission)).toMatchObject({
      kind: 'clearance-off',
      status: 303,
      message:
        'Clearance is activated. Please use the /invoices/clearance/single endpoint for standard invoices.',
    });
    expect((await admin('PUT', { reportingStandard303: 'yes' })).status).toBe(400);

    // Clearance switched off wins: reporting takes standard documents.
    await admin('PUT', { clearanceOff: true });
    expect(await client.reportInvoice(pcsid, next.submission)).toMatchObject({
      kind: 'accepted',
      outcome: 'reported',
    });
    // DELETE resets both.
    expect(await (await admin('DELETE')).json()).toMatchObject({
      reportingStandard303: false,
      clearanceOff: false,
    });
    expect(faultsFromEnv({ SIMULATOR_REPORTING_STANDARD_303: 'true' }).reportingStandard303).toBe(
      true,
    );
  });
});
