import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { FatooraClient, type FatooraEnvironment } from '../../../src/fatoora';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorModuleOptions,
} from '../../../src/simulator';

/** A simulator on an ephemeral port with a throw-away state dir, and clients for it. */
export async function startTestSimulator(options: SimulatorModuleOptions = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'fatoora-sim-'));
  const running: RunningSimulator = await startSimulator({ stateDir, quiet: true, ...options });
  const admin = axios.create({
    baseURL: `${running.url}/simulator/admin`,
    validateStatus: () => true,
  });
  return {
    ...running,
    stateDir,
    admin,
    client: (environment: FatooraEnvironment = 'sandbox', invoiceTimeoutMs?: number) =>
      new FatooraClient({ environment, host: running.url, invoiceTimeoutMs }),
    stop: async () => {
      await running.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
export type TestSimulator = Awaited<ReturnType<typeof startTestSimulator>>;
