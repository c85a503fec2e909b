import { QueryFailedError, type EntityManager } from 'typeorm';
import { flushWrites } from './batched-transaction';
import { isSqlite } from './transactions';

/** The part of a mysql2 (callback API) connection this needs. */
interface Mysql2Connection {
  execute(
    sql: string,
    values: unknown[],
    callback: (err: Error | null, result: unknown) => void,
  ): void;
}

/**
 * Runs an INSERT or UPDATE with `?` placeholders. In a MariaDB/MySQL transaction it goes as a
 * prepared statement (mysql2 `execute`, binary protocol; the driver keeps one prepared copy per
 * connection and statement text): values travel as they are, so a signed document's XML is
 * neither escaped into SQL text by us nor lexed back out of it by the server, which was a
 * quarter of the server's CPU per invoice. Elsewhere (SQLite, no transaction) it is
 * `manager.query`. Errors are TypeORM's QueryFailedError either way (with `driverError.code`).
 *
 * Only for INSERT and UPDATE: numbers go as DOUBLE, which a LIMIT clause would refuse. Values
 * other than strings, safe integers and nulls (dates, booleans, buffers) go the text way, whose
 * formatting of them the rest of the code relies on.
 */
export async function executeWrite(
  manager: EntityManager,
  sql: string,
  values: unknown[],
): Promise<unknown> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased || isSqlite(manager.connection) || !values.every(isPlain)) {
    return manager.query(sql, values);
  }
  // The transaction's deferred statements go first, in their own round trip: a prepared
  // statement cannot share one.
  await flushWrites(manager);
  const connection = (await runner.connect()) as Mysql2Connection;
  manager.connection.logger.logQuery(sql, values, runner);
  return new Promise((resolve, reject) => {
    connection.execute(sql, values, (err, result) => {
      if (!err) resolve(result);
      else if ((err as { code?: string }).code === 'ER_MAX_PREPARED_STMT_COUNT_REACHED') {
        // The server's cap is shared by every client: go the text way rather than fail. The
        // refused PREPARE leaves the transaction as it was.
        resolve(manager.query(sql, values));
      } else {
        manager.connection.logger.logQueryError(err, sql, values, runner);
        reject(new QueryFailedError(sql, values, err));
      }
    });
  });
}

const isPlain = (value: unknown): boolean =>
  value === null || typeof value === 'string' || Number.isSafeInteger(value);
