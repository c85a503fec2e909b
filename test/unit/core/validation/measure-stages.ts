/**
 * Warm per-document time of each validation stage over the 19 SDK samples (not a test; run with
 * `npx ts-node --transpile-only test/unit/core/validation/measure-stages.ts [rounds]`). Each
 * stage runs alone per document, so the XSD figure is one xmllint run (schema compile included).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { STAGES, validateDocument, type StageName } from '../../../../src/core/validation';
import { sdkPath } from '../../../support/sdk';
import { readSample, sdkInitialPih, sdkSampleNames } from './sdk-samples';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const docs = sdkSampleNames().map(readSample);
  const options = {
    pih: sdkInitialPih(),
    cert: readFileSync(sdkPath('Certificates', 'cert.pem'), 'utf8'),
  };

  // Warm-up: compiles or loads the SEFs, reads the XSDs, JIT-warms every stage.
  for (const xml of docs) await validateDocument(xml, options);

  const times = new Map<StageName | 'all', number[]>();
  const record = (key: StageName | 'all', ms: number) =>
    times.set(key, [...(times.get(key) ?? []), ms]);
  for (let r = 0; r < rounds; r++) {
    for (const xml of docs) {
      for (const stage of STAGES) {
        const t0 = performance.now();
        await validateDocument(xml, { ...options, stages: [stage] });
        record(stage, performance.now() - t0);
      }
      const t0 = performance.now();
      await validateDocument(xml, options);
      record('all', performance.now() - t0);
    }
  }
  for (const [stage, xs] of times) {
    console.log(
      `${stage.padEnd(10)} median ${median(xs).toFixed(1)} ms  (n=${xs.length}, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`,
    );
  }
}

void main();
