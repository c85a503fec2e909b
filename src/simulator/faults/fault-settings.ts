import { envFlag, envNumber, envRate } from '../simulator-env';

/**
 * Faults the simulator injects in front of the Fatoora endpoints (not the admin ones).
 * Rates are shares of requests, 0..1; 1 makes every request fail that way.
 */
export interface FaultSettings {
  /** Added before every answer. */
  latencyMs: number;
  /** Share answered 500 or 503 (alternating) without processing. */
  serverErrorRate: number;
  /** Share processed normally, then held without an answer for `timeoutHoldMs` (unknown outcome). */
  timeoutRate: number;
  timeoutHoldMs: number;
  /** Share answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Clearance switched off: clearance answers 303, reporting takes standard documents. */
  clearanceOff: boolean;
  /**
   * The other reading of spec 6.4's 303 note: while clearance is on, reporting answers a
   * standard document 303 (pointing at clearance) instead of 400 `invoice-type-mismatch`.
   */
  reportingStandard303: boolean;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  serverErrorRate: 0,
  timeoutRate: 0,
  timeoutHoldMs: 120_000,
  rateLimitRate: 0,
  retryAfterSeconds: 30,
  clearanceOff: false,
  reportingStandard303: false,
};

/** SIMULATOR_FAULT_* variables; unset ones keep the no-fault default. */
export function faultsFromEnv(env: NodeJS.ProcessEnv): FaultSettings {
  return mergeFaults(NO_FAULTS, {
    latencyMs: envNumber(env, 'SIMULATOR_FAULT_LATENCY_MS'),
    serverErrorRate: envRate(env, 'SIMULATOR_FAULT_SERVER_ERROR_RATE'),
    timeoutRate: envRate(env, 'SIMULATOR_FAULT_TIMEOUT_RATE'),
    timeoutHoldMs: envNumber(env, 'SIMULATOR_FAULT_TIMEOUT_HOLD_MS'),
    rateLimitRate: envRate(env, 'SIMULATOR_FAULT_RATE_LIMIT_RATE'),
    retryAfterSeconds: envNumber(env, 'SIMULATOR_FAULT_RETRY_AFTER_S'),
    clearanceOff: envFlag(env, 'SIMULATOR_CLEARANCE_OFF'),
    reportingStandard303: envFlag(env, 'SIMULATOR_REPORTING_STANDARD_303'),
  });
}

/** Applies a partial update, validating each field; unknown or ill-typed fields are refused. */
export function mergeFaults(
  current: FaultSettings,
  update: Partial<Record<keyof FaultSettings, unknown>>,
): FaultSettings {
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (!(key in NO_FAULTS)) throw new Error(`unknown fault setting "${key}"`);
    const field = key as keyof FaultSettings;
    if (field === 'clearanceOff' || field === 'reportingStandard303') {
      if (typeof value !== 'boolean') throw new Error(`${field} must be a boolean`);
      next[field] = value;
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`${field} must be a non-negative number`);
      }
      if (field.endsWith('Rate') && value > 1)
        throw new Error(`${field} is a share between 0 and 1`);
      next[field] = value;
    }
  }
  return next;
}
