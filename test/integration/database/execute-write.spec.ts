import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { executeWrite } from '../../../src/database/execute-write';
import { isUniqueViolation } from '../../../src/database/unique-violation';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

/** Text that SQL escaping must get right: quotes, backslashes, line breaks, NUL, Arabic, emoji. */
const AWKWARD = `<a x="1" y='2'>\\ \\' \r\n\t\u0000 \u001a فاتورة ضريبية 🧾</a>`;

describe.each(backends)('executeWrite on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    ({ db, ds } = await migratedDatabase(backend));
    await ds.query(
      'CREATE TABLE write_probe (id VARCHAR(36) PRIMARY KEY, body TEXT, n BIGINT, note VARCHAR(40) NULL)',
    );
  });
  afterAll(() => db.drop());

  /** Prepared-statement executions so far on this transaction's connection (MariaDB only). */
  const executions = async (m: EntityManager): Promise<number> => {
    const [row]: Array<{ Value: string }> = await m.query(
      "SHOW SESSION STATUS LIKE 'Com_stmt_execute'",
    );
    return Number(row.Value);
  };

  it('stores every value exactly as given, as a prepared statement on MariaDB', async () => {
    let prepared = 0;
    await ds.transaction(async (m) => {
      const before = backend.name === 'mariadb' ? await executions(m) : 0;
      await executeWrite(
        m,
        'INSERT INTO write_probe (id, body, n, note) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
        ['a', AWKWARD, 9_007_199_254_740_991, null, 'b', '', -3, 'x'],
      );
      await executeWrite(m, 'UPDATE write_probe SET note = ? WHERE id = ?', [
        AWKWARD.slice(0, 40),
        'b',
      ]);
      if (backend.name === 'mariadb') prepared = (await executions(m)) - before;
    });
    if (backend.name === 'mariadb') expect(prepared).toBe(2);

    const rows: Array<{ id: string; body: string; n: number | string; note: string | null }> =
      await ds.query('SELECT id, body, n, note FROM write_probe ORDER BY id');
    expect(rows.map((r) => [r.id, r.body, String(r.n), r.note])).toEqual([
      ['a', AWKWARD, '9007199254740991', null],
      ['b', '', '-3', AWKWARD.slice(0, 40)],
    ]);
  });

  it('goes as text outside a transaction, and for values other than strings, integers and nulls', async () => {
    await executeWrite(ds.manager, 'INSERT INTO write_probe (id, body, n) VALUES (?, ?, ?)', [
      'c',
      AWKWARD,
      1,
    ]);
    let prepared = -1;
    await ds.transaction(async (m) => {
      const before = backend.name === 'mariadb' ? await executions(m) : 0;
      // A fraction would go as DOUBLE; the text way writes it as the literal 2.5.
      await executeWrite(m, 'UPDATE write_probe SET note = ? WHERE id = ?', [2.5, 'c']);
      prepared = backend.name === 'mariadb' ? (await executions(m)) - before : 0;
    });
    expect(prepared).toBe(0);
    const [row]: Array<{ body: string; note: string }> = await ds.query(
      "SELECT body, note FROM write_probe WHERE id = 'c'",
    );
    expect([row.body, row.note]).toEqual([AWKWARD, '2.5']);
  });

  it('goes the text way when the server refuses another prepared statement', async () => {
    if (backend.name !== 'mariadb') return;
    await ds.transaction(async (m) => {
      // The server's refusal when max_prepared_stmt_count is reached (setting that global here
      // would starve every other client of the test server).
      const connection = (await m.queryRunner!.connect()) as {
        execute: (sql: string, values: unknown[], cb: (err: Error | null) => void) => void;
      };
      const execute = jest.spyOn(connection, 'execute').mockImplementation((sql, values, cb) => {
        const err = Object.assign(new Error("Can't create more than max_prepared_stmt_count"), {
          code: 'ER_MAX_PREPARED_STMT_COUNT_REACHED',
          errno: 1461,
        });
        cb(err);
      });
      try {
        await executeWrite(m, 'INSERT INTO write_probe (id, body, n) VALUES (?, ?, ?)', [
          'd',
          AWKWARD,
          4,
        ]);
        expect(execute).toHaveBeenCalledTimes(1);
      } finally {
        execute.mockRestore();
      }
    });
    const [row]: Array<{ body: string }> = await ds.query(
      "SELECT body FROM write_probe WHERE id = 'd'",
    );
    expect(row.body).toBe(AWKWARD);
  });

  it("fails a duplicate key with TypeORM's QueryFailedError, which the intake recognises", async () => {
    const err = await ds
      .transaction((m) =>
        executeWrite(m, 'INSERT INTO write_probe (id, body, n) VALUES (?, ?, ?)', [
          'a',
          'again',
          2,
        ]),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(err)).toBe(true);
    // The transaction rolled back: the first row is untouched.
    const [row]: Array<{ body: string }> = await ds.query(
      "SELECT body FROM write_probe WHERE id = 'a'",
    );
    expect(row.body).toBe(AWKWARD);
  });
});
