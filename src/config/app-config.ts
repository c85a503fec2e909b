import type { MasterKeySource, PreviousMasterKeysSource } from '../secrets/master-key-source';

/** The host's settings, read from the environment once and frozen. See docs/configuration.md. */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  /** 0 asks the OS for a free port (useful in tests). */
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  /** `auto` runs pending migrations at start; `manual` refuses to start while any are pending. */
  readonly migrations: MigrationsMode;
  /**
   * Serve the built-in Fatoora simulator under /e-invoicing/* (its own SIMULATOR_* settings are
   * read by src/simulator/simulator-options.ts). On by default, off by default in production.
   */
  readonly simulator: boolean;
  /** Encrypts EGS private keys and CSID secrets at rest (src/secrets). */
  readonly masterKey: MasterKeySource;
  /** Keys from before a master key rotation: they open old secrets, never seal (unset: none). */
  readonly previousMasterKeys?: PreviousMasterKeysSource;
  /** Certificate renewal alerts (src/egs/renewal). */
  readonly renewal: RenewalConfig;
  /**
   * ECDSA back end of the EGS signers: `secp256k1` (libsecp256k1, about 8 times faster; falls
   * back to OpenSSL where the optional package is not installed) or `node` (OpenSSL).
   */
  readonly signer: SignerBackendName;
}

export const SIGNER_BACKENDS = ['secp256k1', 'node'] as const;
export type SignerBackendName = (typeof SIGNER_BACKENDS)[number];

export interface RenewalConfig {
  /** Alert every day from this many days before a unit's certificate expires. */
  readonly leadDays: number;
  /** POSTed a JSON alert when set. */
  readonly alertWebhookUrl?: string;
}

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MIGRATIONS_MODES = ['auto', 'manual'] as const;
export type MigrationsMode = (typeof MIGRATIONS_MODES)[number];

export type DatabaseConfig = SqliteDatabaseConfig | MysqlDatabaseConfig;

export interface SqliteDatabaseConfig {
  readonly kind: 'sqlite';
  /** Absolute path of the database file. */
  readonly path: string;
  /** DATABASE_URL as given; safe to log (SQLite URLs hold no secret). */
  readonly displayUrl: string;
}

export interface MysqlDatabaseConfig {
  /** `mariadb://` and `mysql://` share one driver (mysql2); the kind is kept for display. */
  readonly kind: 'mysql' | 'mariadb';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** DATABASE_URL with the password replaced by `***`; the only form that may be logged. */
  readonly displayUrl: string;
}
