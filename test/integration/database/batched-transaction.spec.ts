import { createConnection } from 'mysql2/promise';
import { QueryFailedError, type DataSource, type DataSourceOptions } from 'typeorm';
import { AppDataSource } from '../../../src/database/app-data-source';
import { deferWrite, queryEach } from '../../../src/database/batched-transaction';
import { executeWrite } from '../../../src/database/execute-write';
import { inTransaction } from '../../../src/database/transactions';
import { backends, type TestDatabase } from '../../support/database';

describe.each(backends)('deferred writes in inTransaction on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  const mariadb = backend.name === 'mariadb';

  beforeAll(async () => {
    db = await backend.create();
    ds = await db.connect();
    await ds.query('CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note TEXT)');
  });
  beforeEach(() => ds.query('DELETE FROM item'));
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => db.drop());

  const items = async () => {
    const rows: Array<{ id: number | string; n: number | string }> = await ds.query(
      'SELECT id, n FROM item ORDER BY id',
    );
    return rows.map((r) => [Number(r.id), Number(r.n)]);
  };
  /** The texts sent to the database, one per round trip (text or prepared). */
  const sent = () => {
    const texts: string[] = [];
    jest.spyOn(ds.logger, 'logQuery').mockImplementation((sql: string) => {
      texts.push(sql);
    });
    return texts;
  };

  it('applies deferred writes in order, sees them in later reads, and commits them', async () => {
    const seen = await inTransaction(ds, async (m) => {
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [1, 10]);
      await deferWrite(m, 'UPDATE item SET n = n + ? WHERE id = ?', [5, 1]);
      const rows: Array<{ n: number | string }> = await m.query(
        'SELECT n FROM item WHERE id = ?',
        [1],
      );
      return rows;
    });
    expect(Number(seen[0].n)).toBe(15);
    expect(await items()).toEqual([[1, 15]]);
  });

  it('on MariaDB sends START TRANSACTION, deferred writes and COMMIT with the statements that need an answer', async () => {
    const texts = sent();
    await inTransaction(ds, async (m) => {
      await m.query('SELECT COUNT(*) AS c FROM item');
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [1, 1]);
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [2, 2]);
      await m.query('SELECT COUNT(*) AS c FROM item');
      await deferWrite(m, 'UPDATE item SET n = ? WHERE id = ?', [3, 2]);
    });
    jest.restoreAllMocks();
    expect(await items()).toEqual([
      [1, 1],
      [2, 3],
    ]);
    const round = (text: string) => text.split(';\n');
    if (mariadb) {
      expect(texts.map(round)).toEqual([
        [
          'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
          'START TRANSACTION',
          'SELECT COUNT(*) AS c FROM item',
        ],
        [
          'INSERT INTO item (id, n) VALUES (?, ?)',
          'INSERT INTO item (id, n) VALUES (?, ?)',
          'SELECT COUNT(*) AS c FROM item',
        ],
        ['UPDATE item SET n = ? WHERE id = ?', 'COMMIT'],
      ]);
    } else {
      // SQLite has no round trips to save: every statement runs when it is made.
      expect(texts.filter((t) => /^(SELECT|INSERT|UPDATE)/.test(t))).toHaveLength(5);
    }
  });

  it('sends deferred writes ahead of a prepared statement, so it sees them', async () => {
    await inTransaction(ds, async (m) => {
      await m.query('SELECT 1 AS one');
      await deferWrite(m, 'INSERT INTO item (id, n, note) VALUES (?, ?, ?)', [1, 1, 'a']);
      await executeWrite(m, 'UPDATE item SET n = ?, note = ? WHERE id = ?', [7, 'b', 1]);
    });
    expect(await items()).toEqual([[1, 7]]);
  });

  it('fails the whole transaction when a deferred write fails, and keeps none of it', async () => {
    await ds.query('INSERT INTO item (id, n) VALUES (1, 0)');
    const failed = await inTransaction(ds, async (m) => {
      await m.query('UPDATE item SET n = 5 WHERE id = 1');
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [2, 2]);
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [1, 1]); // duplicate key
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [3, 3]);
    }).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect(String((failed as Error).message)).toMatch(/Duplicate entry|UNIQUE constraint/);
    expect(await items()).toEqual([[1, 0]]);
  });

  it('drops deferred writes when the work throws before anything was sent', async () => {
    const texts = sent();
    const failed = inTransaction(ds, async (m) => {
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [1, 1]);
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    jest.restoreAllMocks();
    expect(await items()).toEqual([]);
    // On MariaDB nothing at all reached the server: not even START TRANSACTION or ROLLBACK.
    if (mariadb) expect(texts).toEqual([]);
  });

  it('commits deferred writes even when the work sends nothing else', async () => {
    await inTransaction(ds, async (m) => {
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [4, 4]);
    });
    expect(await items()).toEqual([[4, 4]]);
  });

  it("keeps TypeORM's own writes in the transaction (isTransactionActive), so they roll back with it", async () => {
    await expect(
      inTransaction(ds, async (m) => {
        await m.query('INSERT INTO item (id, n) VALUES (?, ?)', [1, 1]);
        expect(m.queryRunner?.isTransactionActive).toBe(true);
        await m.createQueryBuilder().update('item').set({ n: 9 }).where('id = 1').execute();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await items()).toEqual([]);
  });

  it('answers each statement of queryEach, in one round trip on MariaDB after the deferred writes', async () => {
    const texts = sent();
    const results = await inTransaction(ds, async (m) => {
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [1, 10]);
      await deferWrite(m, 'INSERT INTO item (id, n) VALUES (?, ?)', [2, 20]);
      return queryEach(
        m,
        [2, 1, 3].map((id) => ({ sql: 'SELECT id, n FROM item WHERE id = ?', params: [id] })),
      );
    });
    jest.restoreAllMocks();
    expect(
      (results as Array<Array<{ n: number | string }>>).map((rows) => rows.map((r) => Number(r.n))),
    ).toEqual([[20], [10], []]);
    if (mariadb) expect(texts.map((t) => t.split(';\n').length)).toEqual([7, 1]); // 7: SET, START, 2 writes, 3 reads; then COMMIT
  });

  it('reads one snapshot (REPEATABLE READ) on a connection whose default is READ COMMITTED', async () => {
    if (!mariadb) return; // SQLite transactions are serialisable
    // One connection, so the session default set here is the one inTransaction's runs on.
    const single = new AppDataSource({ ...ds.options, poolSize: 1 } as DataSourceOptions);
    await single.initialize();
    const other = await createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
    try {
      await single.query('INSERT INTO item (id, n) VALUES (1, 1)');
      await single.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
      const reads = await inTransaction(single, async (m) => {
        const read = async () =>
          Number((await m.query<Array<{ n: number }>>('SELECT n FROM item WHERE id = 1'))[0].n);
        const before = await read();
        await other.query('UPDATE item SET n = 2 WHERE id = 1'); // committed meanwhile
        return [before, await read()];
      });
      expect(reads).toEqual([1, 1]);
      // Outside our transactions the session keeps its own default (and sees the change).
      expect(await single.query('SELECT @@tx_isolation AS level')).toEqual([
        { level: 'READ-COMMITTED' },
      ]);
    } finally {
      await other.end();
      await single.destroy();
    }
  });

  it('runs a write at once outside a transaction', async () => {
    await deferWrite(ds.manager, 'INSERT INTO item (id, n) VALUES (?, ?)', [5, 5]);
    expect(await items()).toEqual([[5, 5]]);
  });
});
