import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root';

/** The built bin; `npm test` runs `nest build` before jest. */
export const ZATCA_JS = join(projectRoot, 'dist', 'src', 'cli', 'zatca.js');

export function assertBuilt(): void {
  if (!existsSync(ZATCA_JS)) {
    throw new Error(`${ZATCA_JS} is missing: run \`npx nest build\` first (\`npm test\` does it)`);
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: only what is given, so the caller's DATABASE_URL etc. never leak in. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env };
}

export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcessWithoutNullStreams {
  assertBuilt();
  return spawn(process.execPath, [ZATCA_JS, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env ?? {}),
  });
}

/** Runs `zatca <args>` to completion. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  const child = startCli(args, options);
  return collect(child);
}

export function collect(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
