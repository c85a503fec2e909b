import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { deferWrite, queryEach } from '../database/batched-transaction';
import { forUpdate, inTransaction, isSqlite } from '../database/transactions';
import { retryOnDeadlock } from '../database/lock-retry';
import { isoIn, isoNow } from '../pipeline/clock';

export interface QueueClaim {
  invoiceUuid: string;
  token: string;
  /** Attempts made before this claim. */
  attempts: number;
}

/**
 * The durable submission queue (table submission_queue). A claim sets a lease token and moves
 * `due_at` to the end of the lease: the row is invisible to other workers until then, and
 * comes back by itself if the claimer dies. Results are applied only with the current token.
 */
@Injectable()
export class SubmissionQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds invoices, each already claimed by its `token` (the intake submits it at once) or not. */
  async enqueue(
    manager: EntityManager,
    rows: ReadonlyArray<{
      invoiceUuid: string;
      unitId: string;
      token: string | null;
      dueAt: string;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const now = isoNow();
    await deferWrite(
      manager,
      `INSERT INTO submission_queue (invoice_uuid, unit_id, due_at, attempts, lease_token, created_at) VALUES ${rows.map(() => '(?, ?, ?, 0, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [row.invoiceUuid, row.unitId, row.dueAt, row.token, now]),
    );
  }

  /**
   * Claims up to `limit` due rows for `leaseMs`. On MariaDB, SKIP LOCKED lets workers in other
   * processes and hosts claim other rows at the same time; SQLite has one writer.
   */
  claimDue(limit: number, leaseMs: number): Promise<QueueClaim[]> {
    const token = randomUUID();
    return retryOnDeadlock(() =>
      inTransaction(this.dataSource, async (m) => {
        const skipLocked = isSqlite(m.connection) ? '' : ' FOR UPDATE SKIP LOCKED';
        const rows: Array<{ invoice_uuid: string; attempts: number | string }> = await m.query(
          `SELECT invoice_uuid, attempts FROM submission_queue WHERE due_at <= ? ORDER BY due_at LIMIT ?${skipLocked}`,
          [isoNow(), limit],
        );
        if (rows.length === 0) return [];
        const dueAt = isoIn(leaseMs);
        // One statement per row, by primary key (see lockOwned); sent with the COMMIT.
        for (const row of rows) {
          await deferWrite(
            m,
            'UPDATE submission_queue SET lease_token = ?, due_at = ? WHERE invoice_uuid = ?',
            [token, dueAt, row.invoice_uuid],
          );
        }
        return rows.map((r) => ({
          invoiceUuid: r.invoice_uuid,
          token,
          attempts: Number(r.attempts),
        }));
      }),
    );
  }

  /**
   * Locks the rows of `claims` and answers the invoices whose claim still holds: a row another
   * claim has taken over (or already removed) is not ours to change.
   */
  async lockOwned(
    manager: EntityManager,
    claims: ReadonlyArray<{ invoiceUuid: string; token: string }>,
  ): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    // One statement per row, by primary key, all in one round trip: each locks just its row.
    // With `WHERE invoice_uuid IN (...)` MariaDB scanned the whole (small) queue when the list
    // was a good part of it, and locked every row and gap: the intake's new rows then waited
    // for the result writer, or deadlocked with it.
    const ids = [...new Set(claims.map((c) => c.invoiceUuid))].sort();
    const found = (await queryEach(
      manager,
      ids.map((id) => ({
        sql: `SELECT invoice_uuid, lease_token FROM submission_queue WHERE invoice_uuid = ?${forUpdate(manager)}`,
        params: [id],
      })),
    )) as Array<Array<{ invoice_uuid: string; lease_token: string | null }>>;
    const rows = found.flat();
    const tokens = new Map(rows.map((r) => [r.invoice_uuid, r.lease_token]));
    return new Set(
      claims.filter((c) => tokens.get(c.invoiceUuid) === c.token).map((c) => c.invoiceUuid),
    );
  }

  async remove(manager: EntityManager, invoiceUuids: readonly string[]): Promise<void> {
    // One statement per row, by primary key (see lockOwned); sent together in one round trip.
    for (const uuid of invoiceUuids) {
      await deferWrite(manager, 'DELETE FROM submission_queue WHERE invoice_uuid = ?', [uuid]);
    }
  }

  /** Releases the claim and makes the row due again at `dueAt`. */
  async reschedule(
    manager: EntityManager,
    invoiceUuid: string,
    dueAt: string,
    attempts: number,
  ): Promise<void> {
    await deferWrite(
      manager,
      'UPDATE submission_queue SET due_at = ?, attempts = ?, lease_token = NULL WHERE invoice_uuid = ?',
      [dueAt, attempts, invoiceUuid],
    );
  }

  async depth(): Promise<{ total: number; due: number; oldestDueAt: string | null }> {
    const [row]: Array<{ total: number | string; due: number | string; oldest: string | null }> =
      await this.dataSource.query(
        'SELECT COUNT(*) AS total, SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END) AS due, MIN(due_at) AS oldest FROM submission_queue',
        [isoNow()],
      );
    return { total: Number(row.total), due: Number(row.due ?? 0), oldestDueAt: row.oldest };
  }
}
