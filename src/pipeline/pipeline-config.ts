import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import type { Environment } from '../config/load-config';

/** Settings of the invoice pipeline (docs/configuration.md, "Invoice pipeline"). */
export interface PipelineConfig {
  /** Run the queue worker loop inside the host (`zatca serve`). */
  workersInHost: boolean;
  /** The intake makes the first submission attempt itself (lowest latency); off: workers only. */
  submitOnIntake: boolean;
  /** Submissions one worker process has in flight at once. */
  workerConcurrency: number;
  /** How long a claim holds a queue row; a killed worker's rows return after it. */
  leaseMs: number;
  /** Idle poll interval of the worker loop. */
  pollMs: number;
  /** First retry delay; doubles per attempt (with jitter) up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long POST /invoices waits for a clearance before answering `pending`. */
  clearanceWaitMs: number;
  /** Fatoora call timeout. */
  fatooraTimeoutMs: number;
  /** Alert when a simplified invoice has less than this left of its 24 hours. */
  deadlineAtRiskMs: number;
  deadlineCheckMs: number;
  archiveDir: string;
  /** `tar`: a tar file a day per kind; `files`: a file per document. */
  archiveFormat: 'tar' | 'files';
  archiveRetentionYears: number;
}

const HOUR = 3_600_000;

/** Reads and checks the pipeline variables; a wrong one throws ConfigError naming it. */
export function loadPipelineConfig(env: Environment, cwd = process.cwd()): PipelineConfig {
  const problems: string[] = [];
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (n >= min && n <= max) return n;
    problems.push(
      `${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
    return fallback;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (raw === 'on' || raw === 'true' || raw === '1') return true;
    if (raw === 'off' || raw === 'false' || raw === '0') return false;
    problems.push(`${name}: expected on or off, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const raw = value(name);
    if (raw === undefined) return allowed[0];
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name}: expected ${allowed.join(' or ')}, got ${JSON.stringify(raw)}`);
    return allowed[0];
  };
  const hours = (name: string, fallback: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback * HOUR;
    const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (n > 0 && n <= max) return n * HOUR;
    problems.push(
      `${name}: expected a number of hours above 0 and at most ${max}, got ${JSON.stringify(raw)}`,
    );
    return fallback * HOUR;
  };

  const config: PipelineConfig = {
    workersInHost: flag('WORKERS_IN_HOST', true),
    submitOnIntake: flag('INTAKE_SUBMITS', true),
    workerConcurrency: int('WORKER_CONCURRENCY', 16, 1, 256),
    leaseMs: int('QUEUE_LEASE_MS', 60_000, 1_000, 3_600_000),
    pollMs: int('QUEUE_POLL_MS', 250, 10, 60_000),
    retryBaseMs: int('QUEUE_RETRY_BASE_MS', 2_000, 1, 3_600_000),
    retryMaxMs: int('QUEUE_RETRY_MAX_MS', 300_000, 1, 86_400_000),
    clearanceWaitMs: int('CLEARANCE_WAIT_MS', 15_000, 0, 120_000),
    fatooraTimeoutMs: int('FATOORA_TIMEOUT_MS', 10_000, 100, 120_000),
    deadlineAtRiskMs: hours('DEADLINE_AT_RISK_HOURS', 4, 24),
    deadlineCheckMs: int('DEADLINE_CHECK_MS', 60_000, 100, 3_600_000),
    archiveDir: resolve(cwd, value('ARCHIVE_DIR') ?? './data/archive'),
    archiveFormat: oneOf('ARCHIVE_FORMAT', ['tar', 'files'] as const),
    archiveRetentionYears: int('ARCHIVE_RETENTION_YEARS', 6, 6, 100),
  };
  if (config.retryMaxMs < config.retryBaseMs) {
    problems.push('QUEUE_RETRY_MAX_MS: must not be below QUEUE_RETRY_BASE_MS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const PIPELINE_CONFIG = Symbol('PIPELINE_CONFIG');
