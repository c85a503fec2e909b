import type { DatabaseConfig } from '../config/app-config';

/** The configured database cannot be reached or opened. The message is one line, password masked. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';

  constructor(database: DatabaseConfig, cause: unknown) {
    super(`DATABASE_URL: ${describeFailure(database, cause)}`, { cause });
  }
}

/** DB_MIGRATIONS=manual and the schema is behind the code. */
export class PendingMigrationsError extends Error {
  override readonly name = 'PendingMigrationsError';

  constructor(readonly pending: readonly string[]) {
    super(
      `the database has ${pending.length} pending migration(s) (${pending.join(', ')}) and ` +
        'DB_MIGRATIONS=manual: run `zatca db migrate` first, or set DB_MIGRATIONS=auto',
    );
  }
}

function describeFailure(database: DatabaseConfig, cause: unknown): string {
  const reason = firstLine(cause);
  if (database.kind === 'sqlite') {
    return `cannot open the SQLite database ${database.path} (${database.displayUrl}): ${reason}`;
  }
  const where = `${database.host}:${database.port}`;
  const code = (cause as { code?: unknown } | null)?.code;
  const hint =
    code === 'ER_BAD_DB_ERROR'
      ? ` (create it first: CREATE DATABASE \`${database.database}\` CHARACTER SET utf8mb4)`
      : '';
  return `cannot connect to ${database.kind} at ${where} (${database.displayUrl}): ${reason}${hint}`;
}

function firstLine(cause: unknown): string {
  const err = cause as { message?: unknown; code?: unknown } | null;
  const message = typeof err?.message === 'string' && err.message !== '' ? err.message : '';
  const code = typeof err?.code === 'string' ? err.code : '';
  // mysql2 leaves the message empty for some network errors (e.g. an AggregateError).
  const text = message || code || String(cause);
  return text.split('\n')[0].trim();
}
