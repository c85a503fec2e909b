import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { inTransaction, isSqlite } from '../database/transactions';
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

  /** Adds an invoice, already claimed by `token` (the intake submits it at once). */
  async enqueue(
    manager: EntityManager,
    row: { invoiceUuid: string; unitId: string; token: string | null; dueAt: string },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO submission_queue (invoice_uuid, unit_id, due_at, attempts, lease_token, created_at) VALUES (?, ?, ?, 0, ?, ?)',
      [row.invoiceUuid, row.unitId, row.dueAt, row.token, isoNow()],
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
        const ids = rows.map((r) => r.invoice_uuid);
        await m.query(
          `UPDATE submission_queue SET lease_token = ?, due_at = ? WHERE invoice_uuid IN (${ids.map(() => '?').join(', ')})`,
          [token, isoIn(leaseMs), ...ids],
        );
        return rows.map((r) => ({
          invoiceUuid: r.invoice_uuid,
          token,
          attempts: Number(r.attempts),
        }));
      }),
    );
  }

  /** Locks the row if `token` still holds it; null when another claim has taken over. */
  async lockOwned(
    manager: EntityManager,
    invoiceUuid: string,
    token: string,
  ): Promise<{ attempts: number } | null> {
    const forUpdate = isSqlite(manager.connection) ? '' : ' FOR UPDATE';
    const rows: Array<{ attempts: number | string }> = await manager.query(
      `SELECT attempts FROM submission_queue WHERE invoice_uuid = ? AND lease_token = ?${forUpdate}`,
      [invoiceUuid, token],
    );
    return rows.length ? { attempts: Number(rows[0].attempts) } : null;
  }

  async remove(manager: EntityManager, invoiceUuid: string): Promise<void> {
    await manager.query('DELETE FROM submission_queue WHERE invoice_uuid = ?', [invoiceUuid]);
  }

  /** Releases the claim and makes the row due again at `dueAt`. */
  async reschedule(
    manager: EntityManager,
    invoiceUuid: string,
    dueAt: string,
    attempts: number,
  ): Promise<void> {
    await manager.query(
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
