import { readFileSync } from 'node:fs';

/** user+system CPU seconds of a /proc stat file (Linux; clock ticks of 1/100 s), 0 elsewhere. */
export function procCpuSeconds(statPath: string): number {
  try {
    const fields = readFileSync(statPath, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
