/**
 * Fatoora environments and their base URLs (spec 6.1). The simulator serves the same path
 * prefixes, so a custom base URL such as `http://localhost:8080` plus the environment's prefix
 * maps 1:1 onto it.
 */
export const FATOORA_ENVIRONMENTS = ['sandbox', 'simulation', 'production'] as const;
export type FatooraEnvironment = (typeof FATOORA_ENVIRONMENTS)[number];

export const FATOORA_HOST = 'https://gw-fatoora.zatca.gov.sa';

/** Path prefix of each environment on ZATCA's gateway (and on our simulator). */
export const ENVIRONMENT_PATHS: Record<FatooraEnvironment, string> = {
  sandbox: '/e-invoicing/developer-portal',
  simulation: '/e-invoicing/simulation',
  production: '/e-invoicing/core',
};

export function isFatooraEnvironment(value: string): value is FatooraEnvironment {
  return (FATOORA_ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * Base URL for an environment. `host` replaces ZATCA's gateway (the simulator); the
 * environment's path prefix is kept so one simulator can serve all three environments.
 */
export function fatooraBaseUrl(
  environment: FatooraEnvironment,
  host: string = FATOORA_HOST,
): string {
  return host.replace(/\/+$/, '') + ENVIRONMENT_PATHS[environment];
}
