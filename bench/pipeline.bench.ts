/**
 * Pipeline benchmark (`npm run bench:pipeline`): on MariaDB (TEST_MARIADB_URL, default
 * mysql://root@127.0.0.1:3306) against the in-process simulator with no injected latency and
 * its checks reduced to QR + signature. Standard invoices through IntakeService (intake →
 * chain → clearance → accepted), 1 and 8 units. Prints invoices/s end to end and the latency
 * the pipeline adds to a clearance: intake latency minus the Fatoora call's own duration.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { IntakeService } from '../src/invoices/intake.service';
import { backends } from '../test/support/database';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
  testPipelineConfig,
} from '../test/support/pipeline-harness';
import { SimulatorEgsProvider } from '../test/support/simulator-egs-provider';

const COUNT = Number(process.env.BENCH_INVOICES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function run(units: number): Promise<void> {
  const sim = await fastSimulator();
  const egs = new SimulatorEgsProvider(sim.url);
  for (let u = 0; u < units; u++) await egs.onboard(`u${u}`);
  const db = await backends.find((b) => b.name === 'mariadb')!.create();
  const app = await startPipelineApp(
    db,
    egs,
    testPipelineConfig({ fatooraTimeoutMs: 10_000 }),
    true,
  );
  const intake = app.get(IntakeService);
  const ds = app.get(DataSource);
  const latencies: Array<{ uuid: string; ms: number }> = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) {
        const n = next++;
        const t0 = performance.now();
        const r = await intake.submit({
          source: 'bench',
          recordId: `r${n}`,
          unitId: `u${n % units}`,
          invoice: canonicalInvoice('standard-invoice'),
          waitMs: 60_000,
        });
        if (r.state !== 'cleared') throw new Error(`invoice ${n}: ${r.state} ${r.lastError ?? ''}`);
        latencies.push({ uuid: r.uuid, ms: performance.now() - t0 });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rows: Array<{ subject_id: string; data: string }> = await ds.query(
    "SELECT subject_id, data FROM audit_entries WHERE action = 'invoice.cleared'",
  );
  const fatooraMs = new Map(
    rows.map((r) => [r.subject_id, (JSON.parse(r.data) as { durationMs: number }).durationMs]),
  );
  const added = latencies.map((l) => l.ms - (fatooraMs.get(l.uuid) ?? 0)).sort((a, b) => a - b);
  const total = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const pct = (xs: number[], p: number) =>
    xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);
  process.stdout.write(
    `units=${units} invoices=${COUNT} concurrency=${CONCURRENCY}: ${(COUNT / seconds).toFixed(0)} invoices/s end to end; ` +
      `intake→cleared p50 ${pct(total, 50)} ms p99 ${pct(total, 99)} ms; added by the pipeline p50 ${pct(added, 50)} ms p99 ${pct(added, 99)} ms\n`,
  );
  await app.close();
  await db.drop();
  await sim.close();
}

void (async () => {
  for (const units of [1, 8]) await run(units);
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
