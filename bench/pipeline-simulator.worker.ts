/**
 * The Fatoora simulator of `npm run bench:pipeline`, in a worker thread of the bench process:
 * in-process, but its CPU (XML parsing, signature checks) is not spent on the pipeline's event
 * loop, as ZATCA's own work is not in production. No injected latency; of the core validation
 * stages only QR runs (the simulator's own stamp checks verify the hash, the digests and the
 * signature anyway). Reports the time its handler spends per request.
 */
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { procCpuSeconds } from './proc-cpu';
import { fastSimulator } from '../test/support/pipeline-harness';

void (async () => {
  // No exchanges.jsonl: ~45 KB of JSON written per invoice is the simulator's bookkeeping, which
  // ZATCA does on its own machines; its checks all run.
  const sim = await fastSimulator({}, { stages: ['qr'], exchangeLogFile: false });
  const times: number[] = [];
  const simulator = sim.simulator;
  const handle = simulator.handle.bind(simulator);
  simulator.handle = async (request) => {
    const started = performance.now();
    try {
      return await handle(request);
    } finally {
      if (request.route.startsWith('/invoices/')) times.push(performance.now() - started);
    }
  };
  parentPort!.on('message', (message: string) => {
    if (message === 'stats') parentPort!.postMessage({ stats: times });
    if (message === 'cpu')
      parentPort!.postMessage({ cpu: procCpuSeconds('/proc/thread-self/stat') });
    if (message === 'close') void sim.close().then(() => process.exit(0));
  });
  parentPort!.postMessage({ url: sim.url });
})();
