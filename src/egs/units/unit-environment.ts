import { FATOORA_ENVIRONMENTS, type FatooraEnvironment } from '../../fatoora/environments';

/** ZATCA's three environments, or `simulator`: the built-in simulator of this host (sandbox). */
export const UNIT_ENVIRONMENTS = [...FATOORA_ENVIRONMENTS, 'simulator'] as const;
export type UnitEnvironment = (typeof UNIT_ENVIRONMENTS)[number];

/** The Fatoora environment a unit talks to; the built-in simulator behaves as the sandbox. */
export function fatooraEnvironmentOf(environment: UnitEnvironment): FatooraEnvironment {
  return environment === 'simulator' ? 'sandbox' : environment;
}
