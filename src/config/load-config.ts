import { resolve } from 'node:path';
import { z } from 'zod';
import { parseMasterKeyText } from '../secrets/master-key';
import type { MasterKeySource, PreviousMasterKeysSource } from '../secrets/master-key-source';
import { parseMasterKeyList } from '../secrets/previous-master-keys';
import type { SecretBytes } from '../secrets/secret-bytes';
import {
  type AppConfig,
  LOG_LEVELS,
  MIGRATIONS_MODES,
  type MigrationsMode,
  NODE_ENVS,
  SIGNER_BACKENDS,
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

const leadDays = optional.transform((raw, ctx): number => {
  const value = raw ?? '30';
  const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (n >= 1 && n <= 3650) return n;
  ctx.addIssue(`expected a whole number of days from 1 to 3650, got ${JSON.stringify(value)}`);
  return z.NEVER;
});

const webhookUrl = optional.transform((raw, ctx): string | undefined => {
  if (raw === undefined) return undefined;
  if (/^https?:\/\/[^\s]+$/i.test(raw) && URL.canParse(raw)) return raw;
  ctx.addIssue(`expected an http:// or https:// URL, got ${JSON.stringify(raw)}`);
  return z.NEVER;
});

// The value itself is never echoed in an error: it is a secret.
const masterKeyText = optional.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  const parsed = parseMasterKeyText(raw);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue(`${parsed} (generate one with \`openssl rand -base64 32\`)`);
  return z.NEVER;
});

// Keys from before a rotation, comma-separated; never echoed either.
const previousMasterKeysText = optional.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  const parsed = parseMasterKeyList(raw);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue(`${parsed} (the master keys used before a rotation, separated by commas)`);
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
    ZATCA_MASTER_KEY: masterKeyText,
    ZATCA_MASTER_KEY_FILE: optional,
    ZATCA_MASTER_KEY_PREVIOUS: previousMasterKeysText,
    ZATCA_MASTER_KEY_PREVIOUS_FILE: optional,
    RENEWAL_LEAD_DAYS: leadDays,
    RENEWAL_ALERT_WEBHOOK_URL: webhookUrl,
    ZATCA_SIGNER: oneOf(SIGNER_BACKENDS, 'secp256k1'),
  });

/** Where the embedded default keeps the master key it generates on first start. */
export const DEFAULT_MASTER_KEY_FILE = './data/master.key';

function masterKeySource(
  vars: { NODE_ENV: string; ZATCA_MASTER_KEY?: SecretBytes; ZATCA_MASTER_KEY_FILE?: string },
  cwd: string,
): MasterKeySource | string {
  if (vars.ZATCA_MASTER_KEY && vars.ZATCA_MASTER_KEY_FILE) {
    return 'ZATCA_MASTER_KEY, ZATCA_MASTER_KEY_FILE: set one of them, not both';
  }
  if (vars.ZATCA_MASTER_KEY) return { kind: 'env', key: vars.ZATCA_MASTER_KEY };
  if (vars.ZATCA_MASTER_KEY_FILE) {
    return { kind: 'file', path: resolve(cwd, vars.ZATCA_MASTER_KEY_FILE), createIfMissing: false };
  }
  // Production must not invent a key silently: losing it loses every EGS private key.
  if (vars.NODE_ENV === 'production') {
    return (
      'ZATCA_MASTER_KEY or ZATCA_MASTER_KEY_FILE: required when NODE_ENV=production ' +
      '(base64 of 32 random bytes: `openssl rand -base64 32`)'
    );
  }
  return { kind: 'file', path: resolve(cwd, DEFAULT_MASTER_KEY_FILE), createIfMissing: true };
}

function previousMasterKeysSource(
  vars: { ZATCA_MASTER_KEY_PREVIOUS?: SecretBytes[]; ZATCA_MASTER_KEY_PREVIOUS_FILE?: string },
  cwd: string,
): PreviousMasterKeysSource | string | undefined {
  if (vars.ZATCA_MASTER_KEY_PREVIOUS && vars.ZATCA_MASTER_KEY_PREVIOUS_FILE) {
    return 'ZATCA_MASTER_KEY_PREVIOUS, ZATCA_MASTER_KEY_PREVIOUS_FILE: set one of them, not both';
  }
  if (vars.ZATCA_MASTER_KEY_PREVIOUS) return { kind: 'env', keys: vars.ZATCA_MASTER_KEY_PREVIOUS };
  if (vars.ZATCA_MASTER_KEY_PREVIOUS_FILE) {
    return { kind: 'file', path: resolve(cwd, vars.ZATCA_MASTER_KEY_PREVIOUS_FILE) };
  }
  return undefined;
}

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
  const masterKey = masterKeySource(vars, cwd);
  const previousMasterKeys = previousMasterKeysSource(vars, cwd);
  if (typeof masterKey === 'string' || typeof previousMasterKeys === 'string') {
    throw new ConfigError(
      [masterKey, previousMasterKeys].filter((p): p is string => typeof p === 'string'),
    );
  }
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
    masterKey: Object.freeze(masterKey),
    previousMasterKeys: previousMasterKeys && Object.freeze(previousMasterKeys),
    renewal: Object.freeze({
      leadDays: vars.RENEWAL_LEAD_DAYS,
      alertWebhookUrl: vars.RENEWAL_ALERT_WEBHOOK_URL,
    }),
    signer: vars.ZATCA_SIGNER,
  });
}
