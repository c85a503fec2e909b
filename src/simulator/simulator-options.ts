import { resolve } from 'node:path';
import type { FaultSettings } from './faults/fault-settings';
import { faultsFromEnv } from './faults/fault-settings';
import { DEFAULT_DUPLICATE_MEMORY } from './state/simulator-state';
import { envChoice, envFlag, envNumber, envString } from './simulator-env';

export type OtpMode = 'fixed' | 'one-time';

export interface SimulatorOptions {
  /** Where the CA, issued CSIDs, chains and the exchange log are kept. */
  stateDir: string;
  /** ICV/PIH discontinuity and certificate/VAT mismatch become errors instead of warnings. */
  strict: boolean;
  /** 'fixed': the sandbox OTPs below; 'one-time': only OTPs minted through the admin endpoint. */
  otpMode: OtpMode;
  onboardingOtp: string;
  renewalOtp: string;
  otpTtlMs: number;
  /** Validity of issued certificates, in days (tests make expired ones with negative/zero values). */
  complianceValidityDays: number;
  productionValidityDays: number;
  /** How long a hash counts as a duplicate (ZATCA keeps it ~24 h, spec 6.4). */
  duplicateWindowMs: number;
  /**
   * The most accepted submissions remembered for duplicate detection (each holds its answer,
   * a cleared invoice included); beyond it the oldest are forgotten, and a resend of one of
   * those is answered as a new submission. Also bounds state.journal (see SimulatorState).
   */
  duplicateMemory: number;
  /** Serve /simulator/admin/* (faults, exchanges, OTPs, revocation). */
  adminEnabled: boolean;
  /** Exchanges kept in memory for the admin endpoint (all are appended to exchanges.jsonl). */
  exchangeMemory: number;
  /**
   * Append every exchange to exchanges.jsonl (false: the in-memory ones only, e.g. for a
   * benchmark, where writing ~45 KB of JSON per invoice is the simulator's cost, not ZATCA's).
   */
  exchangeLogFile: boolean;
  /** exchanges.jsonl becomes exchanges.1.jsonl (3 kept) once it has this many bytes; 0: never. */
  exchangeLogMaxBytes: number;
  faults: FaultSettings;
  /** Validation rules folder for the core validator; default the bundled SDK rules. */
  rulesDir?: string;
  /** Clock, for tests. */
  now: () => Date;
}

/** Defaults, overridden by SIMULATOR_* environment variables, overridden by `overrides`. */
export function resolveSimulatorOptions(
  overrides: Partial<SimulatorOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): SimulatorOptions {
  const base: SimulatorOptions = {
    stateDir: resolve(envString(env, 'SIMULATOR_STATE_DIR') ?? './data/simulator'),
    strict: envFlag(env, 'SIMULATOR_STRICT') ?? false,
    otpMode: envChoice(env, 'SIMULATOR_OTP_MODE', ['fixed', 'one-time'] as const) ?? 'fixed',
    onboardingOtp: envString(env, 'SIMULATOR_ONBOARDING_OTP') ?? '123345',
    renewalOtp: envString(env, 'SIMULATOR_RENEWAL_OTP') ?? '123456',
    otpTtlMs: envNumber(env, 'SIMULATOR_OTP_TTL_MS') ?? 60 * 60 * 1000,
    // Zero or negative validity makes already-expired certificates, for tests.
    complianceValidityDays: envNumber(env, 'SIMULATOR_COMPLIANCE_VALIDITY_DAYS', true) ?? 365,
    productionValidityDays: envNumber(env, 'SIMULATOR_PRODUCTION_VALIDITY_DAYS', true) ?? 5 * 365,
    duplicateWindowMs: 24 * 60 * 60 * 1000,
    duplicateMemory: envNumber(env, 'SIMULATOR_DUPLICATE_MEMORY') ?? DEFAULT_DUPLICATE_MEMORY,
    adminEnabled: envFlag(env, 'SIMULATOR_ADMIN') ?? true,
    exchangeMemory: envNumber(env, 'SIMULATOR_EXCHANGE_MEMORY') ?? 1000,
    exchangeLogFile: envFlag(env, 'SIMULATOR_EXCHANGE_LOG') ?? true,
    exchangeLogMaxBytes: envNumber(env, 'SIMULATOR_EXCHANGE_LOG_MAX_BYTES') ?? 64 * 1024 * 1024,
    faults: faultsFromEnv(env),
    rulesDir: envString(env, 'SIMULATOR_RULES_DIR'),
    now: () => new Date(),
  };
  const merged = { ...base, ...stripUndefined(overrides) };
  merged.stateDir = resolve(merged.stateDir);
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
