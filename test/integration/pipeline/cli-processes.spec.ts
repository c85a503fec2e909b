import type { INestApplication } from '@nestjs/common';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../../src/invoices/intake.service';
import type { InvoiceResult } from '../../../src/invoices/invoice-result';
import type { RunningSimulator } from '../../../src/simulator/standalone';
import { backends, type TestDatabase } from '../../support/database';
import {
  cliPipeline,
  ok,
  onboardWithCli,
  startEgsPipelineApp,
  type CliPipeline,
} from '../../support/cli-pipeline';
import { startOutageProxy, type OutageProxy } from '../../support/outage-proxy';
import {
  canonicalInvoice,
  fastSimulator,
  testPipelineConfig,
} from '../../support/pipeline-harness';
import { auditOf, exchangesFor, statesOf } from '../../support/pipeline-probes';
import { until } from '../../support/wait';
import { assertBuilt, collect, startCli, type CliResult } from '../cli/run-cli';

jest.setTimeout(120_000);

/** Pipeline settings for `zatca worker` children: quick polls and retries. */
const WORKER_ENV = {
  QUEUE_POLL_MS: '50',
  QUEUE_RETRY_BASE_MS: '20',
  QUEUE_RETRY_MAX_MS: '300',
  QUEUE_LEASE_MS: '5000',
  WORKER_CONCURRENCY: '4',
  FATOORA_TIMEOUT_MS: '3000',
};

const mariadb = backends.find((b) => b.name === 'mariadb')!;

/**
 * `zatca worker` as real child processes (the built bin, `npm run build`), on MariaDB: two
 * workers share one queue (SKIP LOCKED), drain it through 30% server errors, and stop cleanly.
 */
describe('zatca worker processes draining a queue on MariaDB', () => {
  let sim: RunningSimulator;
  let db: TestDatabase;
  let cli: CliPipeline;
  let app: INestApplication;
  const workers: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    assertBuilt();
    sim = await fastSimulator();
    db = await mariadb.create();
    cli = await cliPipeline(db);
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await app?.close();
    await sim?.close();
    await db?.drop();
    if (cli) rmSync(cli.cwd, { recursive: true, force: true });
  });

  it('two workers clear or report every queued invoice exactly once, then exit 0 on SIGTERM', async () => {
    const unit = await onboardWithCli(cli, sim.url, 'cli-worker-1');
    // This process only signs and queues: no worker loop, no first attempt at intake.
    app = await startEgsPipelineApp(
      cli,
      testPipelineConfig({ submitOnIntake: false, archiveDir: cli.archiveDir }),
      false,
    );
    const ds = app.get(DataSource);
    const intake = app.get(IntakeService);
    const N = 16;
    const queued: InvoiceResult[] = [];
    for (let i = 0; i < N; i++) {
      queued.push(
        await intake.submit({
          source: 'erp',
          recordId: `w${i}`,
          unitId: unit.name,
          invoice: canonicalInvoice(i % 2 ? 'simplified-invoice' : 'standard-invoice'),
          waitMs: 0,
        }),
      );
    }
    expect(queued.map((r) => r.icv)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(await statesOf(ds)).toEqual({ pending: N });
    const [{ n: queuedRows }]: Array<{ n: number | string }> = await ds.query(
      'SELECT COUNT(*) AS n FROM submission_queue WHERE lease_token IS NULL',
    );
    expect(Number(queuedRows)).toBe(N);

    // Every call fails until both workers have met a few server errors, then 30% do: some
    // retries are certain, not left to chance.
    sim.simulator.faults.update({ serverErrorRate: 1 });
    const outputs: Array<Promise<CliResult>> = [];
    for (let i = 0; i < 2; i++) {
      const child = startCli(['worker'], { cwd: cli.cwd, env: { ...cli.env, ...WORKER_ENV } });
      workers.push(child);
      outputs.push(collect(child));
    }
    const serverErrors = () =>
      queued.flatMap((r) => exchangesFor(sim, r.uuid)).filter((e) => e.fault === 'server-error')
        .length;
    await until(
      () => Promise.resolve(serverErrors() >= 4 ? true : undefined),
      30000,
      'four server errors',
    );
    sim.simulator.faults.update({ serverErrorRate: 0.3 });
    await until(
      async () => ((await statesOf(ds)).pending ? undefined : true),
      60000,
      'the workers to drain the queue',
    );
    sim.simulator.faults.update({ serverErrorRate: 0 });
    for (const w of workers) w.kill('SIGTERM');
    const exits = await Promise.all(outputs);
    for (const exit of exits) {
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(exit.stderr).not.toMatch(/error/i);
    }

    expect(await statesOf(ds)).toEqual({ cleared: N / 2, reported: N / 2 });
    expect(await ds.query('SELECT * FROM submission_queue')).toEqual([]);
    let retried = 0;
    for (const r of queued) {
      const steps = (await auditOf(ds, r.uuid)).map((s) => s.action);
      expect(steps[0]).toBe('invoice.signed');
      expect(steps.at(-1)).toBe(r.subtype === 'standard' ? 'invoice.cleared' : 'invoice.reported');
      expect(steps.filter((a) => a === 'invoice.cleared' || a === 'invoice.reported')).toHaveLength(
        1,
      );
      expect(steps).not.toContain('invoice.dead-lettered');
      // One failed attempt on record for each server error this invoice met, no more, no less.
      const failed = steps.filter((a) => a === 'invoice.submission-failed').length;
      const errors = exchangesFor(sim, r.uuid).filter((e) => e.fault === 'server-error').length;
      expect({ invoice: r.icv, failed }).toEqual({ invoice: r.icv, failed: errors });
      retried += failed;
    }
    expect(retried).toBeGreaterThanOrEqual(4);

    const chain = await cli.zatca(['chain', 'verify', '--egs', unit.id]);
    expect(chain.code).toBe(0);
    expect(chain.stdout).toContain(`unit ${unit.id}: ${N} documents checked (ICV 1..${N})`);
    const audit = await cli.zatca(['audit', 'verify']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/OK: \d+ entries in \d+ streams, 0 problems/);
  });
});

/**
 * The operator's commands as processes, on both databases: `zatca queue` on a dead letter,
 * `zatca chain verify` and `zatca audit verify` with their exit codes, before and after the
 * stored data is tampered with.
 */
describe.each(backends)(
  'zatca queue, chain verify and audit verify as processes on $name',
  (backend) => {
    let sim: RunningSimulator;
    let proxy: OutageProxy;
    let db: TestDatabase;
    let cli: CliPipeline;
    let app: INestApplication;
    let ds: DataSource;
    let intake: IntakeService;
    let unit: { id: string; name: string };

    beforeAll(async () => {
      assertBuilt();
      sim = await fastSimulator();
      proxy = await startOutageProxy(sim.url);
      db = await backend.create();
      cli = await cliPipeline(db);
      unit = await onboardWithCli(cli, proxy.url, `cli-ops-${backend.name}`);
      // The worker runs in this process here; the commands run as children.
      app = await startEgsPipelineApp(
        cli,
        testPipelineConfig({ archiveDir: cli.archiveDir }),
        true,
      );
      ds = app.get(DataSource);
      intake = app.get(IntakeService);
    });
    afterAll(async () => {
      await app?.close();
      await proxy?.close();
      await sim?.close();
      await db?.drop();
      if (cli) rmSync(cli.cwd, { recursive: true, force: true });
    });

    const submit = (
      recordId: string,
      fixture: 'simplified-invoice' | 'standard-invoice',
      extra = {},
    ) =>
      intake.submit({
        source: 'erp',
        recordId,
        unitId: unit.name,
        invoice: canonicalInvoice(fixture, extra),
      });
    const stateOf = async (uuid: string) => {
      const rows: Array<{ state: string }> = await ds.query(
        'SELECT state FROM invoices WHERE uuid = ?',
        [uuid],
      );
      return rows[0].state;
    };

    let unauthorized: InvoiceResult;
    let rejected: InvoiceResult;

    it('zatca queue dead-letters / inspect / replay: a 401 dead letter is listed, explained, replayed once and cleared', async () => {
      // ZATCA refuses the credentials (401) for a while.
      await proxy.set({ status: 401, body: { message: 'Unauthorized' } }, /\/invoices\//);
      unauthorized = await submit('d1', 'standard-invoice');
      expect(unauthorized).toMatchObject({
        state: 'dead-letter',
        deadReason: 'unauthorized',
        icv: 1,
      });
      await proxy.set('forward');
      rejected = await submit('d2', 'standard-invoice', { id: 'REJECT-ME-2' });
      expect(rejected).toMatchObject({ state: 'dead-letter', deadReason: 'rejected', icv: 2 });

      // Read-only commands (and a refused replay) run at once, to keep the test short.
      const [list, onlyRejected, inspect, missing, refused] = await Promise.all([
        cli.zatca(['queue', 'dead-letters']),
        cli.zatca(['queue', 'dead-letters', '--reason', 'rejected']),
        cli.zatca(['queue', 'inspect', unauthorized.uuid]),
        cli.zatca(['queue', 'inspect', '00000000-0000-4000-8000-000000000000']),
        cli.zatca(['queue', 'replay', rejected.uuid]),
      ]);
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines.find((l) => l.startsWith(unauthorized.uuid))).toMatch(
        new RegExp(`^${unauthorized.uuid}  unit ${unit.id}  ICV 1  unauthorized  `),
      );
      expect(lines.find((l) => l.startsWith(rejected.uuid))).toMatch(
        /ICV 2 {2}rejected {2}BR-KSA-TEST/,
      );
      expect(
        onlyRejected.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]),
      ).toEqual([rejected.uuid]);

      expect(inspect.code).toBe(0);
      const shown = JSON.parse(inspect.stdout) as {
        state: string;
        deadReason: string;
        icv: number;
        qr?: string;
        history: Array<{ action: string; dataJson: string }>;
      };
      expect(shown).toMatchObject({ state: 'dead-letter', deadReason: 'unauthorized', icv: 1 });
      expect(shown.qr).toBeUndefined();
      expect(shown.history.map((h) => h.action)).toEqual([
        'invoice.signed',
        'invoice.dead-lettered',
      ]);
      expect(JSON.parse(shown.history[1].dataJson)).toMatchObject({
        reason: 'unauthorized',
        httpStatus: 401,
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no invoice 00000000-0000-4000-8000-000000000000');

      // A rejected document is not replayed (spec 8.3: a corrected document replaces it).
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/corrected document/);
      expect(await stateOf(rejected.uuid)).toBe('dead-letter');

      const replay = await cli.zatca(['queue', 'replay', unauthorized.uuid, '--operator', 'alice']);
      expect(replay.code).toBe(0);
      expect(replay.stdout.trim()).toBe(`${unauthorized.uuid}: pending (queued again)`);
      // The worker (in this process) finds the row by polling and clears the identical bytes.
      await until(
        async () => ((await stateOf(unauthorized.uuid)) === 'cleared' ? true : undefined),
        20000,
        'the replayed invoice to be cleared',
      );
      const steps = await auditOf(ds, unauthorized.uuid);
      expect(steps.map((s) => [s.action, s.actor])).toEqual([
        ['invoice.signed', 'connector:erp'],
        ['invoice.dead-lettered', 'system'],
        ['invoice.replayed', 'operator:alice'],
        ['invoice.cleared', 'system'],
      ]);
      const again = await cli.zatca(['queue', 'replay', unauthorized.uuid]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/is cleared, not a dead letter/);

      const status = JSON.parse(ok(await cli.zatca(['queue', 'status']))) as {
        states: Record<string, number>;
        deadLetters: Record<string, number>;
        queue: { total: number };
      };
      expect(status).toMatchObject({
        states: { cleared: 1, 'dead-letter': 1 },
        deadLetters: { rejected: 1 },
        queue: { total: 0 },
      });
    });

    it('zatca chain verify --egs E --last N: exit 0 on a good chain, 1 once a stored signed XML is tampered with', async () => {
      for (let i = 3; i <= 6; i++) {
        const r = await submit(`c${i}`, i % 2 ? 'simplified-invoice' : 'standard-invoice');
        expect(r.icv).toBe(i);
      }
      const [good, all, byName] = await Promise.all([
        cli.zatca(['chain', 'verify', '--egs', unit.id, '--last', '3']),
        cli.zatca(['chain', 'verify']),
        // The unit as operators name it.
        cli.zatca(['chain', 'verify', '--egs', unit.name, '--last', '2']),
      ]);
      expect(good.code).toBe(0);
      expect(good.stdout).toBe(`unit ${unit.id}: 3 documents checked (ICV 4..6)\nOK\n`);
      expect(all.code).toBe(0);
      expect(all.stdout).toContain(`unit ${unit.id}: 6 documents checked (ICV 1..6)`);
      expect(byName.code).toBe(0);
      expect(byName.stdout).toBe(`unit ${unit.id}: 2 documents checked (ICV 5..6)\nOK\n`);

      // Someone edits the stored signed XML of ICV 4 (its number, say).
      const [target]: Array<{ invoice_number: string }> = await ds.query(
        'SELECT invoice_number FROM invoices WHERE unit_id = ? AND icv = 4',
        [unit.id],
      );
      const forged = target.invoice_number.replace(/^INV-/, 'FRG-');
      await ds.query(
        'UPDATE invoices SET signed_xml = REPLACE(signed_xml, ?, ?) WHERE unit_id = ? AND icv = 4',
        [target.invoice_number, forged, unit.id],
      );
      const [broken, json, window, unknown, badLast] = await Promise.all([
        cli.zatca(['chain', 'verify', '--egs', unit.id, '--last', '3']),
        cli.zatca(['chain', 'verify', '--egs', unit.id, '--json']),
        cli.zatca(['chain', 'verify', '--egs', unit.id, '--last', '2']),
        cli.zatca(['chain', 'verify', '--egs', 'no-such-unit']),
        cli.zatca(['chain', 'verify', '--last', '0']),
      ]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN unit ${unit.id} ICV 4: hash-mismatch`);
      expect(broken.stdout).toMatch(/FAILED: \d+ problems\n$/);
      expect(json.code).toBe(1);
      const result = JSON.parse(json.stdout) as {
        ok: boolean;
        problems: Array<{ icv: number; kind: string }>;
      };
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual(
        expect.objectContaining({ icv: 4, kind: 'hash-mismatch' }),
      );
      expect(result.problems.every((p) => p.icv === 4)).toBe(true);
      // A window that ends before the edit does not see it.
      expect(window.code).toBe(0);
      // An unknown unit is an error, not an empty "OK".
      expect(unknown.code).not.toBe(0);
      expect(unknown.stdout).not.toContain('OK');
      expect(unknown.stderr).toContain('no-such-unit');
      expect(badLast.code).not.toBe(0);
    });

    it('zatca audit verify: exit 0 on the intact trail, 1 once an entry is altered', async () => {
      const good = await cli.zatca(['audit', 'verify']);
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/OK: \d+ entries in \d+ streams, 0 problems\n$/);

      // Past the triggers that refuse UPDATE: rewrite who replayed the dead letter.
      await ds.query('DROP TRIGGER audit_entries_no_update');
      await ds.query(
        "UPDATE audit_entries SET actor = 'operator:mallory' WHERE action = 'invoice.replayed'",
      );
      const [{ seq }]: Array<{ seq: number | string }> = await ds.query(
        "SELECT seq FROM audit_entries WHERE action = 'invoice.replayed'",
      );
      const broken = await cli.zatca(['audit', 'verify']);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN egs:${unit.id} seq ${Number(seq)}`);
      expect(broken.stdout).toMatch(/hash-mismatch/);
      expect(broken.stdout).toMatch(/FAILED: \d+ entries in \d+ streams, 1 problems\n$/);
    });
  },
);
