import type { INestApplication } from '@nestjs/common';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { verifyChains } from '../../../src/chain/chain-verifier';
import { IntakeService } from '../../../src/invoices/intake.service';
import type { RunningSimulator } from '../../../src/simulator/standalone';
import { backends, type TestDatabase } from '../../support/database';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
  testPipelineConfig,
} from '../../support/pipeline-harness';
import { SimulatorEgsProvider } from '../../support/simulator-egs-provider';

/**
 * Load and kill test on MariaDB: LOAD_INVOICES invoices (default 500, about a minute on 2 cores; `npm run test:load`
 * runs 10,000) across 4 units, submitted by 4 worker processes while the simulator fails 20%
 * of calls (500/503) and holds 5% without answering (unknown outcome). Workers are killed with
 * SIGKILL at random moments and restarted. The simulator checks QR and signature only (the
 * schematron stages cost ~300 ms per document).
 */
const INVOICES = Number(process.env.LOAD_INVOICES ?? 500);
const UNITS = 4;
const WORKERS = 4;
const mariadb = backends.find((b) => b.name === 'mariadb')!;

jest.setTimeout(Math.max(600_000, INVOICES * 200));

describe('pipeline under load, faults and SIGKILL (MariaDB, 4 worker processes)', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let app: INestApplication;
  const workers = new Set<ChildProcess>();
  const config = testPipelineConfig({
    submitOnIntake: false,
    leaseMs: 3000,
    fatooraTimeoutMs: 1000,
    retryBaseMs: 50,
    retryMaxMs: 1000,
    workerConcurrency: 16,
  });

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await app?.close();
    await sim?.close();
    await db?.drop();
  });

  it(`clears or reports each of ${INVOICES} invoices exactly once, chains verify, no ICV gap`, async () => {
    sim = await fastSimulator({ serverErrorRate: 0.2, timeoutRate: 0.05, timeoutHoldMs: 1500 });
    const egs = new SimulatorEgsProvider(sim.url);
    sim.simulator.faults.update({ serverErrorRate: 0, timeoutRate: 0 });
    const units: Record<string, unknown> = {};
    for (let u = 0; u < UNITS; u++) {
      const c = await egs.onboard(`unit-${u}`);
      units[c.unitId] = { ...c, credentials: undefined, notAfter: c.notAfter.toISOString() };
    }
    sim.simulator.faults.update({ serverErrorRate: 0.2, timeoutRate: 0.05 });
    db = await mariadb.create();
    app = await startPipelineApp(db, egs, config, false);
    const ds = app.get(DataSource);
    const intake = app.get(IntakeService);

    const spawnWorker = () => {
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(__dirname, 'worker-process.ts')],
        {
          env: {
            ...process.env,
            DATABASE_URL: db.url,
            PIPELINE_TEST_UNITS: JSON.stringify(units),
            PIPELINE_TEST_CONFIG: JSON.stringify(config),
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      workers.add(child);
      child.on('exit', () => workers.delete(child));
    };
    for (let i = 0; i < WORKERS; i++) spawnWorker();

    // SIGKILL a random worker every 1.5-4 s and start a new one, while the load runs.
    let kills = 0;
    let killing = true;
    const killer = (async () => {
      while (killing) {
        await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2500));
        const victim = [...workers][Math.floor(Math.random() * workers.size)];
        if (!victim || !killing) continue;
        victim.kill('SIGKILL');
        kills++;
        spawnWorker();
      }
    })();

    const started = Date.now();
    for (let i = 0; i < INVOICES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, INVOICES - i) }, (_, k) => {
          const n = i + k;
          return intake.submit({
            source: 'load',
            recordId: `r${n}`,
            unitId: `unit-${n % UNITS}`,
            invoice: canonicalInvoice(n % 2 ? 'simplified-invoice' : 'standard-invoice'),
            waitMs: 0,
          });
        }),
      );
    }
    const intakeDone = Date.now();
    for (;;) {
      const [{ open }]: Array<{ open: string | number }> = await ds.query(
        "SELECT COUNT(*) AS open FROM invoices WHERE state = 'pending'",
      );
      if (Number(open) === 0) break;
      if (Date.now() - intakeDone > INVOICES * 100 + 120_000)
        throw new Error(`${open} invoices still pending`);
      await new Promise((r) => setTimeout(r, 500));
    }
    killing = false;
    await killer;
    const drained = Date.now();

    const states: Array<{ state: string; n: string | number }> = await ds.query(
      'SELECT state, COUNT(*) AS n FROM invoices GROUP BY state',
    );
    const total = states.reduce((s, r) => s + Number(r.n), 0);
    expect(total).toBe(INVOICES);
    expect(states.every((s) => s.state === 'cleared' || s.state === 'reported')).toBe(true);
    // Exactly once: one final audit entry per invoice, and nothing left in the queue.
    const finals: Array<{ subject_id: string; n: string | number }> = await ds.query(
      "SELECT subject_id, COUNT(*) AS n FROM audit_entries WHERE action IN ('invoice.cleared', 'invoice.reported') GROUP BY subject_id",
    );
    expect(finals).toHaveLength(INVOICES);
    expect(finals.every((f) => Number(f.n) === 1)).toBe(true);
    expect(await ds.query('SELECT * FROM submission_queue')).toEqual([]);
    const chains = await verifyChains(ds);
    expect(chains.problems).toEqual([]);
    expect(chains.units.map((u) => u.lastIcv).reduce((a, b) => a + b, 0)).toBe(INVOICES);
    expect((await app.get(AuditTrail).verify()).problems).toEqual([]);
    // Every archived copy is in its tar segment, and every segment reads to its end with GNU
    // tar: an entry torn by a worker killed while appending was cut out when the next worker
    // started (the kernel can stop a write of several pages part way on SIGKILL).
    const archived: Array<{ archived_path: string }> = await ds.query(
      'SELECT archived_path FROM invoices',
    );
    const listings = new Map<string, Set<string>>();
    for (const { archived_path: path } of archived) {
      const [segment, name] = path.split('#');
      if (!listings.has(segment)) {
        const names = execFileSync('tar', ['-tf', segment], { encoding: 'utf8' }).split('\n');
        listings.set(segment, new Set(names));
      }
      expect(listings.get(segment)!.has(name)).toBe(true);
    }
    const [{ retries }]: Array<{ retries: string | number }> = await ds.query(
      "SELECT COUNT(*) AS retries FROM audit_entries WHERE action = 'invoice.submission-failed'",
    );
    process.stdout.write(
      `load: ${INVOICES} invoices, ${UNITS} units, ${WORKERS} workers, ${kills} SIGKILLs, ${retries} failed attempts retried; intake ${((intakeDone - started) / 1000).toFixed(1)} s, drained after ${((drained - started) / 1000).toFixed(1)} s\n`,
    );
  });
});
