import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

// Globs relative to this file, so they match src/**/*.ts under ts-jest and dist/src/**/*.js when
// built. `.d.ts` files are never emitted (declaration: false), so `*.ts` only matches sources.
const MIGRATIONS = join(__dirname, 'migrations', '*.{ts,js}');
const ENTITIES = join(__dirname, '..', '**', '*.entity.{ts,js}');

/** How long a SQLite writer waits for another one to finish before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * TypeORM options for the configured database. The schema is only ever changed by migrations:
 * `synchronize` is off on every back end, and migrations are run explicitly (see migrations.ts).
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS],
    entities: [ENTITIES],
    // One transaction per migration, so a failure leaves the earlier ones applied and recorded.
    migrationsTransactionMode: 'each' as const,
    logging: false,
  };

  if (database.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      // WAL lets /health and readers proceed while a writer holds the lock. TypeORM turns
      // foreign_keys on for every connection; `timeout` is better-sqlite3's busy timeout.
      enableWAL: true,
      timeout: SQLITE_BUSY_TIMEOUT_MS,
    };
  }

  return {
    ...common,
    // `mysql` and `mariadb` use the same TypeORM driver; the type only tunes dialect details.
    type: database.kind,
    connectorPackage: 'mysql2',
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.database,
    charset: 'utf8mb4',
    // Store and read DATETIME as UTC whatever the server's or the host's time zone.
    timezone: 'Z',
    // Amounts are DECIMAL: they must come back as exact strings, never as JS floats.
    supportBigNumbers: true,
    bigNumberStrings: true,
    // Prepared statements kept per connection (executeWrite): 128 x a pool of 10 per replica,
    // against the server's max_prepared_stmt_count (16,382 by default) shared by all clients.
    // Past that cap executeWrite goes the text way.
    extra: { decimalNumbers: false, maxPreparedStatements: 128 },
    // batchedTransaction sends a transaction's statements several to a round trip. Every value
    // goes through mysql2's placeholders, never into SQL text by concatenation.
    multipleStatements: true,
  };
}
