import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { deferWrite } from '../database/batched-transaction';
import { executeWrite } from '../database/execute-write';
import { retryOnDeadlock } from '../database/lock-retry';
import { forUpdate, inTransaction, isSqlite } from '../database/transactions';
import type { AuditInput, AuditRecord } from './audit-entry';
import { AuditEntryEntity } from './audit-entry.entity';
import { auditEntryHash, canonicalJson, GENESIS_HASH } from './audit-hash';
import { redactSecrets } from './audit-redaction';
import { verifyAuditStreams, type AuditVerification } from './audit-verify';

/**
 * The append-only, hash-chained audit trail. Each stream is its own chain: an append locks only
 * that stream's head row, so writers of different streams never wait for each other.
 * Injectable in the host; `new AuditTrail(dataSource)` in the CLI.
 */
@Injectable()
export class AuditTrail {
  /** Streams whose head row is known to exist (it is never deleted). */
  private readonly knownStreams = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. With `manager` it joins the caller's transaction (and commits or rolls
   * back with it); without, it runs in its own transaction.
   */
  async append(input: AuditInput, manager?: EntityManager): Promise<AuditRecord> {
    checkInput(input);
    if (manager) return (await this.appendAll([input], manager))[0];
    return retryOnDeadlock(async () => {
      // Outside the transaction, in autocommit: see ensureStream.
      await this.ensureStream(this.dataSource.manager, input.stream);
      return inTransaction(this.dataSource, async (own) => (await this.appendAll([input], own))[0]);
    });
  }

  /**
   * Appends entries in their order inside the caller's transaction: one statement locks the
   * heads of all their streams, one INSERT writes every entry, and one UPDATE per stream moves
   * its head (by primary key) in the same round trip, however many entries (a batch of the
   * chain writer or of the results).
   * Heads are locked in sorted order, so two such transactions never wait on each other in a
   * cycle.
   */
  async appendAll(inputs: AuditInput[], manager: EntityManager): Promise<AuditRecord[]> {
    if (inputs.length === 0) return [];
    const { entries, heads } = await this.chainEntries(inputs, manager);
    const result: unknown = await executeWrite(
      manager,
      insertEntriesSql(entries.length),
      entryValues(entries),
    );
    await this.moveHeads(manager, heads);
    const firstId = this.firstInsertedId(manager, result, entries.length);
    return entries.map((e, k) => ({ id: String(firstId + k), ...e }));
  }

  /**
   * As appendAll, for callers that need no ids: the entries are written with the transaction's
   * next statement or its commit (deferWrite), one round trip fewer on MariaDB.
   */
  async appendAllDeferred(inputs: AuditInput[], manager: EntityManager): Promise<void> {
    if (inputs.length === 0) return;
    const { entries, heads } = await this.chainEntries(inputs, manager);
    await deferWrite(manager, insertEntriesSql(entries.length), entryValues(entries));
    await this.moveHeads(manager, heads);
  }

  /** Locks the heads of the entries' streams and chains the (one or more) entries on them, in order. */
  private async chainEntries(inputs: AuditInput[], manager: EntityManager) {
    inputs.forEach(checkInput);
    const streams = [...new Set(inputs.map((i) => i.stream))].sort();
    const heads = await this.lockHeads(manager, streams);
    const at = new Date().toISOString();
    const entries = inputs.map((input): ChainedEntry => {
      const head = heads.get(input.stream)!;
      const entry = {
        stream: input.stream,
        seq: ++head.seq,
        at,
        actor: input.actor,
        action: input.action,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        dataJson: canonicalJson(redactSecrets(input.data ?? {})),
        prevHash: head.hash,
      };
      head.hash = auditEntryHash(entry);
      return { ...entry, hash: head.hash };
    });
    return { entries, heads };
  }

  /** Checks every stream: seq continuity, prev links, recomputed hashes, heads. */
  verify(): Promise<AuditVerification> {
    return verifyAuditStreams(this.dataSource);
  }

  /** The entries about one subject, oldest first. */
  async list(filter: { subjectType: string; subjectId: string }): Promise<AuditRecord[]> {
    const rows = await this.dataSource.getRepository(AuditEntryEntity).find({
      where: { subjectType: filter.subjectType, subjectId: filter.subjectId },
      order: { id: 'ASC' },
    });
    return rows.map(toRecord);
  }

  /**
   * The id of the first row of a multi-row INSERT: MariaDB/MySQL report it as insertId and give
   * one statement's rows consecutive ids; TypeORM's SQLite runner answers the last row's id.
   */
  private firstInsertedId(manager: EntityManager, result: unknown, rows: number): number {
    if (isSqlite(manager.connection)) return Number(result) - rows + 1;
    return Number((result as { insertId: number | string }).insertId);
  }

  /** The heads of `streams` (sorted), created if missing and locked for this transaction. */
  private async lockHeads(manager: EntityManager, streams: string[]): Promise<Map<string, Head>> {
    for (const stream of streams) await this.ensureStream(manager, stream);
    let heads = await this.selectHeads(manager, streams);
    const missing = streams.filter((s) => !heads.has(s));
    if (missing.length > 0) {
      // Known here, but their creation was rolled back with the transaction that made them.
      for (const stream of missing) {
        this.knownStreams.delete(stream);
        await this.ensureStream(manager, stream);
      }
      heads = await this.selectHeads(manager, streams);
    }
    return heads;
  }

  private async selectHeads(manager: EntityManager, streams: string[]): Promise<Map<string, Head>> {
    const rows: Array<{ stream: string; last_seq: number | string; last_hash: string }> =
      await manager.query(
        `SELECT stream, last_seq, last_hash FROM audit_streams WHERE stream IN (${streams.map(() => '?').join(', ')}) ORDER BY stream${forUpdate(manager)}`,
        streams,
      );
    return new Map(rows.map((r) => [r.stream, { seq: Number(r.last_seq), hash: r.last_hash }]));
  }

  /** Moves the heads the batch moved, sent with the next statement (deferWrite). */
  private async moveHeads(manager: EntityManager, heads: Map<string, Head>): Promise<void> {
    // One UPDATE per head, by primary key. A single `WHERE stream IN (...)` UPDATE let MariaDB
    // scan this small table and lock heads outside the batch, out of order: deadlocks.
    for (const [stream, head] of heads) {
      await deferWrite(
        manager,
        'UPDATE audit_streams SET last_seq = ?, last_hash = ? WHERE stream = ?',
        [head.seq, head.hash, stream],
      );
    }
  }

  /**
   * Creates the stream's head row if it is missing (INSERT IGNORE, so racing creators agree).
   * Run in autocommit before an own transaction, so the gap lock of a first insert is not held
   * while the head is locked; inside a caller's transaction it runs there (on one connection: a
   * second pooled connection per transaction could exhaust the pool). A rare deadlock between
   * two first appends to one stream is resolved by InnoDB and retried by whoever owns the
   * transaction; the chain writer holds the unit's lock, so `egs:<unit>` streams never race.
   */
  private async ensureStream(manager: EntityManager, stream: string): Promise<void> {
    if (this.knownStreams.has(stream)) return;
    const found: unknown[] = await manager.query(
      'SELECT stream FROM audit_streams WHERE stream = ?',
      [stream],
    );
    if (found.length === 0) {
      const ignore = isSqlite(manager.connection) ? 'OR IGNORE' : 'IGNORE';
      await manager.query(
        `INSERT ${ignore} INTO audit_streams (stream, last_seq, last_hash) VALUES (?, 0, ?)`,
        [stream, GENESIS_HASH],
      );
    }
    this.knownStreams.add(stream);
  }
}

/** A stream head as a batch moves it: the last seq and hash. */
interface Head {
  seq: number;
  hash: string;
}

type ChainedEntry = Omit<AuditRecord, 'id'>;

const insertEntriesSql = (rows: number): string =>
  `INSERT INTO audit_entries (stream, seq, at, actor, action, subject_type, subject_id, data, prev_hash, hash) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

const entryValues = (entries: ChainedEntry[]): unknown[] =>
  entries.flatMap((e) => [
    e.stream,
    e.seq,
    e.at,
    e.actor,
    e.action,
    e.subjectType,
    e.subjectId,
    e.dataJson,
    e.prevHash,
    e.hash,
  ]);

function checkInput(input: AuditInput): void {
  const limits: Array<[keyof AuditInput, number]> = [
    ['stream', 100],
    ['actor', 100],
    ['action', 100],
    ['subjectType', 50],
    ['subjectId', 100],
  ];
  for (const [field, max] of limits) {
    const value = input[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      throw new TypeError(
        `audit ${field}: expected a non-empty string of at most ${max} characters`,
      );
    }
  }
}

export function toRecord(row: AuditEntryEntity): AuditRecord {
  return {
    id: String(row.id),
    stream: row.stream,
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    dataJson: row.data,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
