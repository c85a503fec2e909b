import type { DataSource, EntityManager } from 'typeorm';
import { updateRows } from '../../../src/database/raw-writes';
import { inTransaction } from '../../../src/database/transactions';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { SubmissionQueue } from '../../../src/queue/submission-queue';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';
import { invoiceRow } from '../../support/invoice-row';

const mariadb = backends.find((b) => b.name === 'mariadb')!;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * The result writer locks, updates and deletes many queue and invoice rows in one transaction,
 * while the intake (another transaction, maybe another process) adds new ones. Each statement
 * must lock only its own rows: a scan of the small queue table locked every row and gap, and
 * the intake's INSERT waited for the result writer, or deadlocked with it.
 */
describe('row locks of the result writer on MariaDB', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let other: DataSource;
  const queue = () => new SubmissionQueue(ds);

  beforeEach(async () => {
    ({ db, ds } = await migratedDatabase(mariadb));
    other = await db.connect();
    const now = new Date().toISOString();
    for (let n = 10; n < 30; n++) {
      await ds.query(
        'INSERT INTO submission_queue (invoice_uuid, unit_id, due_at, attempts, lease_token, created_at) VALUES (?, ?, ?, 0, ?, ?)',
        [uuid(n), 'u1', now, `token-${n}`, now],
      );
    }
    await ds.query('ANALYZE TABLE submission_queue');
  });
  afterEach(() => db?.drop());

  /**
   * Runs `hold` in a transaction and, while it holds its locks, `insert` on another connection:
   * answers whether the insert finished within a second.
   */
  async function insertWhileHeld(
    hold: (m: EntityManager) => Promise<void>,
    insert: () => Promise<unknown>,
  ): Promise<boolean> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const transaction = inTransaction(ds, async (m) => {
      await hold(m);
      await m.query('SELECT 1'); // sends what was deferred, so its locks are taken now
      held();
      await released;
    });
    await holding;
    const inserted = insert().then(() => true);
    const inTime = await Promise.race([
      inserted,
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000)),
    ]);
    release();
    await transaction;
    await inserted;
    return inTime;
  }

  const newQueueRow = (n: number) => () => {
    const now = new Date().toISOString();
    return inTransaction(other, (m) =>
      m.query(
        'INSERT INTO submission_queue (invoice_uuid, unit_id, due_at, attempts, lease_token, created_at) VALUES (?, ?, ?, 0, NULL, ?)',
        [uuid(n), 'u2', now, now],
      ),
    );
  };
  const claims = Array.from({ length: 15 }, (_, k) => ({
    invoiceUuid: uuid(10 + k),
    token: `token-${10 + k}`,
  }));

  it('locking most of the queue (lockOwned) lets a new row in, before and after the locked keys', async () => {
    let owned = new Set<string>();
    const hold = async (m: EntityManager) => {
      owned = await queue().lockOwned(m, claims);
    };
    expect(await insertWhileHeld(hold, newQueueRow(1))).toBe(true);
    expect(owned.size).toBe(15);
    expect(await insertWhileHeld(hold, newQueueRow(99))).toBe(true);
  });

  it('deleting most of the queue (remove) lets a new row in', async () => {
    const hold = (m: EntityManager) =>
      queue().remove(
        m,
        claims.map((c) => c.invoiceUuid),
      );
    expect(await insertWhileHeld(hold, newQueueRow(99))).toBe(true);
    const [{ n }]: Array<{ n: number | string }> = await ds.query(
      'SELECT COUNT(*) AS n FROM submission_queue',
    );
    expect(Number(n)).toBe(20 - 15 + 1);
  });

  it('updating most of a small invoices table (updateRows) lets a new invoice in', async () => {
    const rows = Array.from({ length: 20 }, (_, k) => invoiceRow('erp', `r${k}`, k + 1));
    await ds.getRepository(InvoiceEntity).insert(rows);
    await ds.query('ANALYZE TABLE invoices');
    const hold = (m: EntityManager) =>
      updateRows(
        m,
        InvoiceEntity,
        rows.slice(0, 15).map((row) => ({
          id: row.uuid,
          changes: { state: 'reported', attempts: 1 },
        })),
      );
    const newInvoice = () =>
      inTransaction(other, (m) =>
        m.getRepository(InvoiceEntity).insert(invoiceRow('erp', 'new', 1000)),
      );
    expect(await insertWhileHeld(hold, newInvoice)).toBe(true);
  });
});
