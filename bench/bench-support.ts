import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../src/project-root';

/** The first PIH of every EGS chain (spec 2.4). */
export const INITIAL_PIH =
  'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==';

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

/** ZATCA SDK reference data, as in the tests: ../shared/zatca-sdk or ZATCA_SDK_DIR. */
export function sdkFile(relative: string): string {
  const dir = process.env.ZATCA_SDK_DIR ?? resolve(projectRoot, '..', 'shared', 'zatca-sdk');
  return readFileSync(join(dir, relative), 'utf8');
}

/**
 * Runs each case `batch` times per round, cases interleaved round by round so that drift of the
 * machine (other load, CPU frequency) hits all of them alike; returns seconds per op per round.
 */
export function benchmarkRounds(
  cases: Record<string, (n: number) => void>,
  batch: number,
): Record<string, number[]> {
  const results: Record<string, number[]> = {};
  for (const [name, run] of Object.entries(cases)) {
    run(Math.max(10, batch / 4)); // warm-up: JIT and caches
    results[name] = [];
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases)) {
      const start = process.hrtime.bigint();
      run(batch);
      results[name].push(Number(process.hrtime.bigint() - start) / 1e9 / batch);
    }
  }
  return results;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
