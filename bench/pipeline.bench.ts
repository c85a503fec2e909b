/**
 * Pipeline benchmark (`npm run bench:pipeline`): on MariaDB (TEST_MARIADB_URL, default
 * mysql://root@127.0.0.1:3306) against the simulator with no injected latency and its checks
 * reduced to its own stamp checks (hash, digests, signature, CA trust, ICV/PIH) and the core's
 * QR stage (the official XSD/schematron stages cost ~300 ms per document), keeping its
 * exchanges in memory only (no exchanges.jsonl: its bookkeeping, not ZATCA's checks).
 * The simulator runs in a worker thread of this process (BENCH_SIMULATOR_THREAD=off: on the
 * main thread, sharing the pipeline's event loop). Standard invoices through IntakeService
 * (intake → chain → clearance → accepted), 1 and 8 units, BENCH_CONCURRENCY requests at once,
 * after BENCH_WARMUP_INVOICES (default 3000) sent the same way and not counted.
 * Prints invoices/s end to end, intake→cleared latency, and the latency the pipeline adds to a
 * clearance: intake latency minus the Fatoora call as the pipeline timed it (audit
 * durationMs), next to the simulator's own handler time per request. Then
 * BENCH_LATENCY_INVOICES more, one at a time: the latency the pipeline adds when nothing queues
 * (under full load the figure above includes the wait for a turn at the CPU, shared with the
 * simulator and MariaDB on this machine). Then BENCH_PACED_INVOICES at BENCH_PACED_RATE a
 * second: the latency added at a steady load below saturation.
 */
import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  PerformanceObserver,
  constants as perfConstants,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { createConnection, createPool } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { IntakeService } from '../src/invoices/intake.service';
import { loadPipelineConfig } from '../src/pipeline/pipeline-config';
import { backends, MARIADB_ADMIN_URL } from '../test/support/database';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
} from '../test/support/pipeline-harness';
import { SimulatorEgsProvider } from '../test/support/simulator-egs-provider';
import { procCpuSeconds } from './proc-cpu';

const COUNT = Number(process.env.BENCH_INVOICES ?? 4000);
/**
 * Invoices sent first and not counted: a long-running host's code is compiled and optimized,
 * and each run's simulator is a new thread that starts cold. V8's optimizing compiler keeps
 * working on background threads for the first ~3,000 invoices (measured per second from
 * /proc: 35-45% of a core for ~5 s, then 5-15%); after only 500, a quarter of the measured
 * run's helper-thread CPU was that compiler, not the pipeline.
 */
const WARMUP = Number(process.env.BENCH_WARMUP_INVOICES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Invoices sent one at a time after the throughput run: the latency without queueing. */
const LATENCY_COUNT = Number(process.env.BENCH_LATENCY_INVOICES ?? 300);
const SIMULATOR_THREAD = process.env.BENCH_SIMULATOR_THREAD !== 'off';
/**
 * Invoices sent at a steady rate after that (BENCH_PACED_RATE per second, open loop: each is
 * sent on its schedule whether or not the earlier ones are done): the latency added at a load
 * the machine carries, below the saturation of the throughput run.
 */
const PACED_COUNT = Number(process.env.BENCH_PACED_INVOICES ?? 1000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);
/** Unit counts to run, in order (BENCH_UNITS=8 runs only the 8-unit case). */
const UNIT_COUNTS = (process.env.BENCH_UNITS ?? '1,8').split(',').map(Number);

const HELPER_THREADS = "Node's helper threads (V8's compiler and GC, file I/O)";

/** One invoice's intake-to-answer time, and when it was sent (performance.now()). */
interface Latency {
  uuid: string;
  ms: number;
  at: number;
}

interface BenchSimulator {
  url: string;
  /** The simulator handler's time per invoice request, ms. */
  handlerTimes(): Promise<number[]>;
  /** CPU seconds of the simulator's thread so far (0 on the main thread: counted there). */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

async function simulatorInThread(): Promise<BenchSimulator> {
  const ts = __filename.endsWith('.ts');
  const worker = new Worker(join(__dirname, `pipeline-simulator.worker.${ts ? 'ts' : 'js'}`), {
    execArgv: [
      ...(ts ? ['-r', 'ts-node/register/transpile-only'] : []),
      // node --cpu-prof bench/... profiles the simulator's thread too.
      ...process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
    ],
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        worker.off('message', onMessage);
        resolve(m[key] as T);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const url = await next<string>('url');
  return {
    url,
    handlerTimes: () => {
      const stats = next<number[]>('stats');
      worker.postMessage('stats');
      return stats;
    },
    cpuSeconds: () => {
      const cpu = next<number>('cpu');
      worker.postMessage('cpu');
      return cpu;
    },
    close: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

async function simulatorOnMainThread(): Promise<BenchSimulator> {
  const sim = await fastSimulator({}, { stages: ['qr'], exchangeLogFile: false });
  const times: number[] = [];
  const handle = sim.simulator.handle.bind(sim.simulator);
  sim.simulator.handle = async (request) => {
    const started = performance.now();
    try {
      return await handle(request);
    } finally {
      if (request.route.startsWith('/invoices/')) times.push(performance.now() - started);
    }
  };
  return {
    url: sim.url,
    handlerTimes: () => Promise.resolve(times),
    cpuSeconds: () => Promise.resolve(0),
    close: () => sim.close(),
  };
}

/** A local MariaDB/MySQL server's process, so its CPU can be counted; undefined when remote. */
const databasePid = readdirSync('/proc').find((pid) => {
  try {
    return /^(mariadbd|mysqld)\n$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
  } catch {
    return false;
  }
});

/** CPU seconds so far: this thread, this process's other threads, the database server. */
function cpuNow(): { main: number; others: number; database: number } {
  const { user, system } = process.cpuUsage();
  const main = procCpuSeconds(`/proc/self/task/${process.pid}/stat`);
  return {
    main,
    others: (user + system) / 1e6 - main,
    database: databasePid ? procCpuSeconds(`/proc/${databasePid}/stat`) : 0,
  };
}

const pct = (xs: number[], p: number) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1) : '-';
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function run(units: number): Promise<void> {
  const sim = SIMULATOR_THREAD ? await simulatorInThread() : await simulatorOnMainThread();
  const egs = new SimulatorEgsProvider(sim.url);
  for (let u = 0; u < units; u++) await egs.onboard(`u${u}`);
  const db = await backends.find((b) => b.name === 'mariadb')!.create();
  const archiveDir = mkdtempSync(join(tmpdir(), 'zatca-archive-'));
  const app = await startPipelineApp(
    db,
    egs,
    // The defaults a user runs with (QUEUE_POLL_MS 250, leases of 60 s, ...), not the tests' quick
    // polls and retries: a poll every 20 ms was 100 statements a second of its own.
    { ...loadPipelineConfig(process.env), archiveDir },
    true,
  );
  const intake = app.get(IntakeService);
  const ds = app.get(DataSource);
  const submitOne = async (n: number, latencies: Latency[]) => {
    const t0 = performance.now();
    const r = await intake.submit({
      source: 'bench',
      recordId: `r${n}`,
      unitId: `u${n % units}`,
      invoice: canonicalInvoice('standard-invoice'),
      waitMs: 60_000,
    });
    if (r.state !== 'cleared') throw new Error(`invoice ${n}: ${r.state} ${r.lastError ?? ''}`);
    latencies.push({ uuid: r.uuid, ms: performance.now() - t0, at: t0 });
  };
  const fullLoad = async (from: number, count: number, into: Latency[]) => {
    let next = from;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < from + count) await submitOne(next++, into);
      }),
    );
  };
  const latencies: Latency[] = [];
  // Numbered after every measured invoice, so that record IDs never repeat.
  await fullLoad(1_000_000, WARMUP, []);
  const skipped = (await sim.handlerTimes()).length; // onboarding's and warm-up's
  const deadlocksBefore = await deadlocks(ds);
  const cpuBefore = { ...cpuNow(), simulator: await sim.cpuSeconds() };
  const started = performance.now();
  await fullLoad(0, COUNT, latencies);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = { ...cpuNow(), simulator: await sim.cpuSeconds() };
  const deadlocked = (await deadlocks(ds)) - deadlocksBefore;
  const cpuMs = (key: keyof typeof cpuAfter) =>
    (((cpuAfter[key] - cpuBefore[key]) * 1000) / COUNT).toFixed(2);
  const handlerTimes = (await sim.handlerTimes()).slice(skipped);
  const alone: Latency[] = [];
  for (let n = COUNT; n < COUNT + LATENCY_COUNT; n++) await submitOne(n, alone);
  const paced: Latency[] = [];
  const pacedFrom = COUNT + LATENCY_COUNT;
  const pacedGc = observeGc();
  const pacedStart = performance.now();
  // Each sent at its time whether or not the earlier ones are done (open loop). Scheduled one
  // after the other, not all up front: 1,000 waiting timers and closures were the benchmark's
  // own objects in the pipeline's heap, outliving scavenges into the old generation.
  const inFlight: Array<Promise<void>> = [];
  for (let k = 0; k < PACED_COUNT; k++) {
    const wait = pacedStart + (k * 1000) / PACED_RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(submitOne(pacedFrom + k, paced));
  }
  await Promise.all(inFlight);
  pacedGc.stop();

  const rows: Array<{ subject_id: string; data: string }> = await ds.query(
    "SELECT subject_id, data FROM audit_entries WHERE action = 'invoice.cleared'",
  );
  const fatooraMs = new Map(
    rows.map((r) => [r.subject_id, (JSON.parse(r.data) as { durationMs: number }).durationMs]),
  );
  /** An invoice's latency less its Fatoora call: what the pipeline added. */
  const addedMs = (l: Latency) => l.ms - (fatooraMs.get(l.uuid) ?? 0);
  const added = (of: typeof latencies) => sorted(of.map(addedMs));
  const total = sorted(latencies.map((l) => l.ms));
  const fatoora = sorted(latencies.map((l) => fatooraMs.get(l.uuid) ?? 0));
  const handler = sorted(handlerTimes);
  const loaded = added(latencies);
  const unloaded = added(alone);
  const steady = added(paced);
  process.stdout.write(
    `units=${units} invoices=${COUNT} (after ${WARMUP} not counted) concurrency=${CONCURRENCY}: ${(COUNT / seconds).toFixed(0)} invoices/s end to end; ` +
      `intake→cleared p50 ${pct(total, 50)} ms p99 ${pct(total, 99)} ms; added by the pipeline p50 ${pct(loaded, 50)} ms p99 ${pct(loaded, 99)} ms; ` +
      `Fatoora call p50 ${pct(fatoora, 50)} ms p99 ${pct(fatoora, 99)} ms (simulator handler p50 ${pct(handler, 50)} ms p99 ${pct(handler, 99)} ms)\n` +
      `units=${units} CPU per invoice in that run: main thread ${cpuMs('main')} ms, ` +
      (SIMULATOR_THREAD
        ? `simulator thread ${cpuMs('simulator')} ms, ${HELPER_THREADS} ${(((cpuAfter.others - cpuAfter.simulator - (cpuBefore.others - cpuBefore.simulator)) * 1000) / COUNT).toFixed(2)} ms, `
        : `${HELPER_THREADS} ${cpuMs('others')} ms, `) +
      `MariaDB ${databasePid ? `${cpuMs('database')} ms` : 'not local'}; ${deadlocked} transactions rolled back by deadlocks and run again\n` +
      `units=${units} ${LATENCY_COUNT} invoices one at a time: added by the pipeline p50 ${pct(unloaded, 50)} ms p99 ${pct(unloaded, 99)} ms\n` +
      `units=${units} ${PACED_COUNT} invoices at ${PACED_RATE}/s: added by the pipeline p50 ${pct(steady, 50)} ms p99 ${pct(steady, 99)} ms; ${gcSummary(pacedGc.pauses, paced, addedMs)}\n`,
  );
  await app.close();
  await db.drop();
  await sim.close();
  rmSync(archiveDir, { recursive: true, force: true });
}

interface GcPause {
  start: number;
  ms: number;
  major: boolean;
}

/** The pipeline thread's GC pauses from now until stop(). */
function observeGc(): { pauses: GcPause[]; stop(): void } {
  const pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      pauses.push({
        start: e.startTime,
        ms: e.duration,
        major: kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR,
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { pauses, stop: () => observer.disconnect() };
}

/**
 * The pipeline thread's GC pauses in a run, and how many of its slowest 1% of invoices had one
 * fall while they were in the pipeline.
 */
function gcSummary(pauses: GcPause[], run: Latency[], addedMs: (l: Latency) => number): string {
  const slowest = [...run]
    .sort((a, b) => addedMs(b) - addedMs(a))
    .slice(0, Math.max(1, Math.floor(run.length / 100)));
  const hit = slowest.filter((l) =>
    pauses.some((p) => p.start + p.ms > l.at && p.start < l.at + l.ms),
  ).length;
  const longest = Math.max(0, ...pauses.map((p) => p.ms));
  const major = pauses.filter((p) => p.major).length;
  return (
    `pipeline thread GC pauses in that run: ${pauses.length} (${major} full), longest ${longest.toFixed(1)} ms; ` +
    `one fell within ${hit} of the ${slowest.length} slowest`
  );
}

/** InnoDB's count of deadlocks since the server started (each victim is rolled back and retried). */
async function deadlocks(ds: DataSource): Promise<number> {
  const [row]: Array<{ Value: string }> = await ds.query(
    "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'",
  );
  return Number(row?.Value ?? 0);
}

/** The server's commit durability and what one and eight connections get from it. */
async function commitProbe(): Promise<string> {
  const admin = await createConnection({ uri: MARIADB_ADMIN_URL });
  const name = `zatca_bench_commits_${process.pid}`;
  try {
    const [[v]] = (await admin.query(
      'SELECT @@innodb_flush_log_at_trx_commit AS f',
    )) as unknown as [[{ f: number }]];
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.query(`CREATE TABLE \`${name}\`.t (id INT PRIMARY KEY, n INT) ENGINE=InnoDB`);
    const rates: string[] = [];
    for (const connections of [1, 8]) {
      const pool = createPool({ uri: MARIADB_ADMIN_URL, connectionLimit: connections });
      for (let c = 0; c < connections; c++) {
        await pool.query(`INSERT IGNORE INTO \`${name}\`.t VALUES (?, 0)`, [c]);
      }
      let left = 400 * connections;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async (_, c) => {
          while (left-- > 0)
            await pool.query(`UPDATE \`${name}\`.t SET n = n + 1 WHERE id = ?`, [c]);
        }),
      );
      rates.push(
        `${((400 * connections) / ((performance.now() - t0) / 1000)).toFixed(0)} commits/s on ${connections}`,
      );
      await pool.end();
    }
    return `innodb_flush_log_at_trx_commit=${v.f}; single-row autocommit UPDATEs: ${rates.join(', ')} connection(s)`;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

/** The V8 heap settings, as `npm start` and deploy/zatca.service run the product. */
const PRODUCT_HEAP_FLAGS = [
  '--max-semi-space-size=64',
  '--initial-old-space-size=256',
  '--no-allocation-site-pretenuring',
];
function heapSettings(): string {
  const flags = process.execArgv.filter((f) =>
    /^--((max-semi-space|initial-old-space)-size|(no-)?allocation-site-pretenuring)/.test(f),
  );
  return flags.length > 0
    ? `node ${flags.join(' ')} (the host runs with ${PRODUCT_HEAP_FLAGS.join(' ')})`
    : `node with V8's default heap sizes; the host runs with ${PRODUCT_HEAP_FLAGS.join(' ')} (npm run bench:pipeline sets them)`;
}

void (async () => {
  process.stdout.write(
    `simulator: stamp checks (hash, signature, CA, ICV/PIH) + QR stage only, no injected latency, no exchanges.jsonl, ${SIMULATOR_THREAD ? 'in a worker thread' : 'on the main thread'}; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n${await commitProbe()}\n${heapSettings()}\n`,
  );
  for (const units of UNIT_COUNTS) await run(units);
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
