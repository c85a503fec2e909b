import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { verifyChains } from '../../../src/chain/chain-verifier';
import { DeadlineWatchdog, type DeadlineAlert } from '../../../src/deadlines/deadline-watchdog';
import { IntakeService } from '../../../src/invoices/intake.service';
import type { InvoiceResult } from '../../../src/invoices/invoice-result';
import { InvoiceStatusService } from '../../../src/invoices/invoice-status.service';
import { loadPipelineConfig } from '../../../src/pipeline/pipeline-config';
import type { RunningSimulator } from '../../../src/simulator/standalone';
import { backends, type TestDatabase } from '../../support/database';
import { startOutageProxy, type OutageProxy } from '../../support/outage-proxy';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
  testPipelineConfig,
} from '../../support/pipeline-harness';
import { auditOf, exchangesFor, statesOf } from '../../support/pipeline-probes';
import { SimulatorEgsProvider } from '../../support/simulator-egs-provider';
import { until } from '../../support/wait';

const HOUR = 3_600_000;

/**
 * ZATCA unreachable for a while, then back (issue #7): nothing is lost or dead-lettered, the
 * deadline watchdog raises its alerts by the (injected) clock, and once Fatoora answers again
 * every invoice is cleared or reported exactly once, with intact chains and audit trail.
 */
describe.each(backends)('Fatoora outage and recovery on $name', (backend) => {
  let sim: RunningSimulator;
  let proxy: OutageProxy;
  let egs: SimulatorEgsProvider;
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;

  // DEADLINE_AT_RISK_HOURS=2 as an operator would set it; the watchdog's own timer is left
  // idle (1 h) so that only the test's clock decides.
  const deadlines = loadPipelineConfig({
    DEADLINE_AT_RISK_HOURS: '2',
    DEADLINE_CHECK_MS: '3600000',
  });

  beforeAll(async () => {
    sim = await fastSimulator();
    proxy = await startOutageProxy(sim.url);
    egs = new SimulatorEgsProvider(sim.url);
    // Onboarded directly; invoices then go through the proxy, which can take ZATCA away.
    await egs.onboard('u1', proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });

  beforeEach(async () => {
    await proxy.set('forward');
    db = await backend.create();
    app = await startPipelineApp(
      db,
      egs,
      testPipelineConfig({
        deadlineAtRiskMs: deadlines.deadlineAtRiskMs,
        deadlineCheckMs: deadlines.deadlineCheckMs,
        retryBaseMs: 20,
        retryMaxMs: 200,
      }),
    );
    ds = app.get(DataSource);
  });
  afterEach(async () => {
    sim.simulator.faults.update({ serverErrorRate: 0 });
    await proxy.set('forward');
    await app?.close();
    await db?.drop();
  });

  const failedAttempts = async (uuid: string) =>
    (await auditOf(ds, uuid)).filter((s) => s.action === 'invoice.submission-failed');

  it('queues and retries through refused connections and 5xx, alerts on reporting deadlines by the clock, then drains each invoice exactly once', async () => {
    expect(deadlines.deadlineAtRiskMs).toBe(2 * HOUR);
    const intake = app.get(IntakeService);
    const status = app.get(InvoiceStatusService);
    const watchdog = app.get(DeadlineWatchdog);

    // 1. ZATCA down: nothing listens any more.
    await proxy.set('refuse');
    const t0 = Date.now();
    const submit = (
      recordId: string,
      fixture: 'simplified-invoice' | 'standard-invoice',
      extra: Record<string, unknown> = {},
    ) =>
      intake.submit({
        source: 'erp',
        recordId,
        unitId: 'u1',
        invoice: canonicalInvoice(fixture, extra),
        waitMs: 0,
      });
    const fresh1 = await submit('s1', 'simplified-invoice');
    // Issued 23 hours ago (e.g. posted while offline): its deadline is an hour away.
    const late = await submit('s2', 'simplified-invoice', {
      issuedAt: new Date(t0 - 23 * HOUR).toISOString(),
    });
    const std1 = await submit('d1', 'standard-invoice');
    const fresh2 = await submit('s3', 'simplified-invoice');
    const std2 = await submit('d2', 'standard-invoice');
    const all: InvoiceResult[] = [fresh1, late, std1, fresh2, std2];
    expect(all.map((r) => [r.icv, r.state])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'pending'],
      [4, 'pending'],
      [5, 'pending'],
    ]);

    // Every invoice is retried (at least twice) and stays queued; nothing became a dead letter.
    for (const r of all) {
      const failed = await until(
        async () => {
          const f = await failedAttempts(r.uuid);
          return f.length >= 2 ? f : undefined;
        },
        20000,
        `two failed attempts of ICV ${r.icv}`,
      );
      expect(failed[0].data).toMatchObject({ resultKind: 'transient', httpStatus: null });
      expect(String(failed[0].data.message)).toMatch(/ECONNREFUSED/);
    }
    expect(proxy.requests).toEqual([]);
    expect(await statesOf(ds)).toEqual({ pending: 5 });
    let snapshot = await status.status();
    expect(snapshot.deadLetters).toEqual({});
    expect(snapshot.queue.total).toBe(5);

    // 2. ZATCA reachable but failing: 500/503 for every call.
    sim.simulator.faults.update({ serverErrorRate: 1 });
    await proxy.set('forward');
    for (const r of all) {
      await until(
        async () =>
          (await failedAttempts(r.uuid)).some((f) =>
            [500, 503].includes(f.data.httpStatus as number),
          )
            ? true
            : undefined,
        20000,
        `a 5xx answer for ICV ${r.icv}`,
      );
    }
    expect(await statesOf(ds)).toEqual({ pending: 5 });
    expect((await status.status()).deadLetters).toEqual({});

    // 3. The deadline watchdog, by an injected clock. Standard invoices have no deadline.
    const deadlineOf = (r: InvoiceResult) => r.reportingDeadline!;
    expect(std1.reportingDeadline).toBeNull();
    // 24 hours after issue (spec 8.1).
    expect(deadlineOf(late)).toBe(new Date(t0 + HOUR).toISOString());
    for (const r of [fresh1, fresh2]) {
      expect(Date.parse(deadlineOf(r))).toBeGreaterThanOrEqual(t0 + 24 * HOUR - 1000);
      expect(Date.parse(deadlineOf(r))).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    }
    const alert = (r: InvoiceResult, level: DeadlineAlert['level']): DeadlineAlert => ({
      uuid: r.uuid,
      unitId: 'u1',
      reportingDeadline: deadlineOf(r),
      level,
    });
    const byIcv = (alerts: DeadlineAlert[]) =>
      [...alerts].sort((a, b) => a.uuid.localeCompare(b.uuid));

    // Now: only the late one has less than 2 hours left.
    expect(await watchdog.check()).toEqual([alert(late, 'at-risk')]);
    expect(await watchdog.check()).toEqual([]);
    // +21 h: the late one is past due; the fresh ones have 3 hours left, more than the threshold.
    expect(await watchdog.check(t0 + 21 * HOUR)).toEqual([alert(late, 'missed')]);
    // +22.5 h: the fresh ones have 1.5 hours left; each alert is raised once.
    expect(byIcv(await watchdog.check(t0 + 22.5 * HOUR))).toEqual(
      byIcv([alert(fresh1, 'at-risk'), alert(fresh2, 'at-risk')]),
    );
    expect(await watchdog.check(t0 + 23 * HOUR)).toEqual([]);
    // +24 h 1 min: missed.
    expect(byIcv(await watchdog.check(t0 + 24 * HOUR + 60_000))).toEqual(
      byIcv([alert(fresh1, 'missed'), alert(fresh2, 'missed')]),
    );
    expect(await watchdog.check(t0 + 30 * HOUR)).toEqual([]);
    snapshot = await status.status();
    expect(snapshot.deadlineAlerts).toEqual({ atRisk: 0, missed: 3 });
    expect(snapshot.oldestPendingDeadline).toBe(deadlineOf(late));
    // The alerts are in the audit trail, by the watchdog, with their contents.
    for (const r of [late, fresh1, fresh2]) {
      const alerts = (await auditOf(ds, r.uuid)).filter((s) =>
        s.action.startsWith('invoice.deadline-'),
      );
      expect(alerts.map((a) => [a.action, a.stream, a.actor, a.data])).toEqual([
        ['invoice.deadline-at-risk', 'system', 'job:deadline-watchdog', alert(r, 'at-risk')],
        ['invoice.deadline-missed', 'system', 'job:deadline-watchdog', alert(r, 'missed')],
      ]);
    }
    for (const r of [std1, std2]) {
      expect(
        (await auditOf(ds, r.uuid)).some((s) => s.action.startsWith('invoice.deadline-')),
      ).toBe(false);
    }

    // 4. ZATCA back: everything drains, each invoice accepted exactly once.
    const attemptsBefore: Array<{ n: number | string }> = await ds.query(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'invoice.submission-failed'",
    );
    sim.simulator.faults.update({ serverErrorRate: 0 });
    await until(
      async () => ((await statesOf(ds)).pending ? undefined : true),
      20000,
      'the queue to drain',
    );
    expect(Number(attemptsBefore[0].n)).toBeGreaterThanOrEqual(15);
    expect(await statesOf(ds)).toEqual({ reported: 3, cleared: 2 });
    for (const r of all) {
      const final = (await status.invoice(r.uuid))!;
      expect(final.state).toBe(r.subtype === 'standard' ? 'cleared' : 'reported');
      expect(final.zatcaStatus).toMatch(/^(PASS|WARNING)$/);
      expect(final.deadReason).toBeNull();
      const steps = (await auditOf(ds, r.uuid)).map((s) => s.action);
      expect(steps.filter((a) => a === 'invoice.cleared' || a === 'invoice.reported')).toHaveLength(
        1,
      );
      expect(steps.filter((a) => a === 'invoice.dead-lettered')).toHaveLength(0);
      // The simulator accepted it once and processed no other copy of it.
      const processed = exchangesFor(sim, r.uuid).filter((e) => e.fault === undefined);
      expect(processed.map((e) => e.status)).toEqual([expect.any(Number)]);
      expect([200, 202]).toContain(processed[0].status);
    }
    expect(await ds.query('SELECT * FROM submission_queue')).toEqual([]);
    // Reported late: no new alert, and no open deadline left.
    expect(await watchdog.check(t0 + 31 * HOUR)).toEqual([]);
    snapshot = await status.status();
    expect(snapshot.deadlineAlerts).toEqual({ atRisk: 0, missed: 0 });
    expect(snapshot.oldestPendingDeadline).toBeNull();

    const chains = await verifyChains(ds);
    expect(chains).toEqual({
      ok: true,
      units: [{ unitId: 'u1', checked: 5, firstIcv: 1, lastIcv: 5 }],
      problems: [],
    });
    const trail = await app.get(AuditTrail).verify();
    expect(trail.problems).toEqual([]);
    expect(trail.ok).toBe(true);
  });
});
