import type { DataSource } from 'typeorm';
import { forUpdate, inTransaction } from '../../../src/database/transactions';
import { backends, type TestDatabase } from '../../support/database';

describe.each(backends)('inTransaction on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await backend.create();
    ds = await db.connect();
    await ds.query('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    await ds.query('INSERT INTO counter (id, n) VALUES (1, 0)');
  });
  afterAll(() => db.drop());

  // A read-modify-write under the lock: lost updates would show as a final count below 20.
  const increment = () =>
    inTransaction(ds, async (m) => {
      const rows: Array<{ n: number | string }> = await m.query(
        `SELECT n FROM counter WHERE id = 1${forUpdate(m)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 2));
      await m.query('UPDATE counter SET n = ? WHERE id = 1', [Number(rows[0].n) + 1]);
    });

  it('runs overlapping transactions without errors or lost updates', async () => {
    await Promise.all(Array.from({ length: 20 }, increment));
    const [{ n }]: Array<{ n: number | string }> = await ds.query(
      'SELECT n FROM counter WHERE id = 1',
    );
    expect(Number(n)).toBe(20);
  });

  it('rolls back a failed transaction and keeps serving the ones behind it', async () => {
    const failing = inTransaction(ds, async (m) => {
      await m.query('UPDATE counter SET n = 1000 WHERE id = 1');
      throw new Error('boom');
    });
    const after = increment();
    await expect(failing).rejects.toThrow('boom');
    await after;
    const [{ n }]: Array<{ n: number | string }> = await ds.query(
      'SELECT n FROM counter WHERE id = 1',
    );
    expect(Number(n)).toBe(21);
  });
});
