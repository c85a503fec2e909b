import { z } from 'zod';
import {
  type AppConfig,
  LOG_LEVELS,
  MIGRATIONS_MODES,
  type MigrationsMode,
  NODE_ENVS,
  type DatabaseConfig,
} from './app-config';
import { ConfigError } from './config-error';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './database-url';

/** The environment as Node gives it; only the variables below are read. */
export type Environment = Readonly<Record<string, string | undefined>>;

// An empty value (`PORT=` in a .env file) means "not set", so the default applies.
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  optional.transform((raw, ctx): T[number] => {
    const value = raw ?? fallback;
    if ((values as readonly string[]).includes(value)) return value;
    ctx.addIssue(`expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    return z.NEVER;
  });

const port = optional.transform((raw, ctx): number => {
  const value = raw ?? '3000';
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (n >= 0 && n <= 65535) return n;
  ctx.addIssue(`expected an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return z.NEVER;
});

const host = optional.transform((raw, ctx): string => {
  const value = raw ?? '127.0.0.1';
  if (/^[A-Za-z0-9.:[\]-]+$/.test(value)) return value;
  ctx.addIssue(`expected a host name or IP address, got ${JSON.stringify(value)}`);
  return z.NEVER;
});

const databaseUrl = (cwd: string) =>
  optional.transform((raw, ctx): DatabaseConfig => {
    const parsed = parseDatabaseUrl(raw ?? DEFAULT_DATABASE_URL, cwd);
    if (typeof parsed !== 'string') return parsed;
    ctx.addIssue(parsed);
    return z.NEVER;
  });

const environmentSchema = (cwd: string) =>
  z.object({
    NODE_ENV: oneOf(NODE_ENVS, 'development'),
    HOST: host,
    PORT: port,
    LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
    DATABASE_URL: databaseUrl(cwd),
    DB_MIGRATIONS: optional.transform((raw, ctx) => {
      if (raw === undefined || (MIGRATIONS_MODES as readonly string[]).includes(raw)) return raw;
      ctx.addIssue(`expected one of ${MIGRATIONS_MODES.join(', ')}, got ${JSON.stringify(raw)}`);
      return z.NEVER;
    }),
    SIMULATOR: optional.transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      if (raw === 'on' || raw === 'off') return raw === 'on';
      ctx.addIssue(`expected on or off, got ${JSON.stringify(raw)}`);
      return z.NEVER;
    }),
  });

/**
 * Reads and validates the settings. Throws a ConfigError naming every bad variable and its rule;
 * returns a frozen config otherwise. Relative SQLite paths are resolved against `cwd`.
 */
export function loadConfig(env: Environment, cwd: string = process.cwd()): AppConfig {
  const result = environmentSchema(cwd).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const vars = result.data;
  const database = Object.freeze(vars.DATABASE_URL);
  return Object.freeze({
    nodeEnv: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    database,
    // The embedded database migrates itself; a shared server is migrated deliberately by its operator.
    migrations: (vars.DB_MIGRATIONS ??
      (database.kind === 'sqlite' ? 'auto' : 'manual')) as MigrationsMode,
    // A production host talks to ZATCA; the simulator is for trying the product and for tests.
    simulator: vars.SIMULATOR ?? vars.NODE_ENV !== 'production',
  });
}
