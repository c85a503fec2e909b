import type { DataSource, EntityManager } from 'typeorm';
import { batchedTransaction } from './batched-transaction';

// TypeORM runs every query of a better-sqlite3 DataSource on one connection, so two overlapping
// `dataSource.transaction()` calls collide ("cannot start a transaction within a transaction").
// SQLite is single-writer anyway: transactions on it take their turn, one at a time, in this
// process. MariaDB/MySQL transactions run concurrently and lock rows (SELECT ... FOR UPDATE).
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in a database transaction: on MariaDB/MySQL one whose statements travel together
 * (batchedTransaction), on SQLite after every earlier one has finished.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!isSqlite(dataSource)) return batchedTransaction(dataSource, work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.then(
    () => dataSource.transaction(work),
    () => dataSource.transaction(work),
  );
  // The queue only orders; a failed transaction must not stop the ones behind it.
  sqliteQueues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

export function isSqlite(dataSource: DataSource): boolean {
  const type = dataSource.options.type;
  return type === 'better-sqlite3' || type === 'sqlite';
}

/**
 * `FOR UPDATE` where the database has row locks, nothing on SQLite (whose transactions are
 * serialised by inTransaction). Append to a SELECT that must hold its rows until commit.
 */
export function forUpdate(manager: EntityManager): string {
  return isSqlite(manager.connection) ? '' : ' FOR UPDATE';
}
