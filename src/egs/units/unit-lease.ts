/** How long a unit's onboarding/renewal lease lasts, and how often a live holder extends it. */
export interface UnitLeaseTimes {
  /** A holder that died frees the unit after at most this long. */
  readonly leaseMs: number;
  /** A live holder extends its lease this often, so long ZATCA calls never lose it. */
  readonly renewEveryMs: number;
}

/** Replaces the default lease times (tests use short ones). */
export const UNIT_LEASE_TIMES = Symbol('UNIT_LEASE_TIMES');

export const DEFAULT_UNIT_LEASE_TIMES: UnitLeaseTimes = {
  leaseMs: 15 * 60_000,
  renewEveryMs: 60_000,
};
