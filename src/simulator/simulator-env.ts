// Strict readers for SIMULATOR_* variables: a wrong value stops start-up with a message naming
// the variable, like every other setting (docs/configuration.md); unset or empty means default.

type Env = NodeJS.ProcessEnv;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function invalid(name: string, rule: string, value: string): Error {
  return new Error(`${name}: expected ${rule}, got ${JSON.stringify(value)}`);
}

export function envFlag(env: Env, name: string): boolean | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw invalid(name, 'true or false', value);
}

/** A non-negative number (milliseconds, seconds, days, counts). */
export function envNumber(env: Env, name: string, allowNegative = false): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && (allowNegative || n >= 0)) return n;
  throw invalid(name, allowNegative ? 'a number' : 'a non-negative number', value);
}

/** A share of requests, from 0 to 1. */
export function envRate(env: Env, name: string): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  throw invalid(name, 'a share from 0 to 1 (e.g. 0.2)', value);
}

export function envChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw invalid(name, `one of ${choices.join(', ')}`, value);
}

export function envString(env: Env, name: string): string | undefined {
  return raw(env, name);
}
