import { resolve } from 'node:path';
import type { FaultSettings } from './faults/fault-settings';
import { faultsFromEnv } from './faults/fault-settings';

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
  /** Serve /simulator/admin/* (faults, exchanges, OTPs, revocation). */
  adminEnabled: boolean;
  /** Exchanges kept in memory for the admin endpoint (all are appended to exchanges.jsonl). */
  exchangeMemory: number;
  faults: FaultSettings;
  /** Validation rules folder for the core validator; default the bundled SDK rules. */
  rulesDir?: string;
  /** Clock, for tests. */
  now: () => Date;
}

const flag = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

const num = (value: string | undefined): number | undefined =>
  value === undefined || value.trim() === '' || Number.isNaN(Number(value))
    ? undefined
    : Number(value);

/** Defaults, overridden by SIMULATOR_* environment variables, overridden by `overrides`. */
export function resolveSimulatorOptions(
  overrides: Partial<SimulatorOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): SimulatorOptions {
  const base: SimulatorOptions = {
    stateDir: resolve(env.SIMULATOR_STATE_DIR ?? './data/simulator'),
    strict: flag(env.SIMULATOR_STRICT) ?? false,
    otpMode: env.SIMULATOR_OTP_MODE === 'one-time' ? 'one-time' : 'fixed',
    onboardingOtp: env.SIMULATOR_ONBOARDING_OTP ?? '123345',
    renewalOtp: env.SIMULATOR_RENEWAL_OTP ?? '123456',
    otpTtlMs: num(env.SIMULATOR_OTP_TTL_MS) ?? 60 * 60 * 1000,
    complianceValidityDays: num(env.SIMULATOR_COMPLIANCE_VALIDITY_DAYS) ?? 365,
    productionValidityDays: num(env.SIMULATOR_PRODUCTION_VALIDITY_DAYS) ?? 5 * 365,
    duplicateWindowMs: 24 * 60 * 60 * 1000,
    adminEnabled: flag(env.SIMULATOR_ADMIN) ?? true,
    exchangeMemory: num(env.SIMULATOR_EXCHANGE_MEMORY) ?? 1000,
    faults: faultsFromEnv(env),
    rulesDir: env.SIMULATOR_RULES_DIR,
    now: () => new Date(),
  };
  const merged = { ...base, ...stripUndefined(overrides) };
  merged.stateDir = resolve(merged.stateDir);
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
