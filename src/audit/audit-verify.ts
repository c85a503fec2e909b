import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../database/transactions';
import { auditEntryHash, GENESIS_HASH } from './audit-hash';

export type AuditProblemKind =
  'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch' | 'missing-head';

export interface AuditProblem {
  stream: string;
  /** The entry where the chain breaks (the head's seq for head problems). */
  seq: number;
  id?: string;
  kind: AuditProblemKind;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  streams: number;
  entries: number;
  problems: AuditProblem[];
}

interface EntryRow {
  id: number | string;
  stream: string;
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  data: string;
  prev_hash: string;
  hash: string;
}

const PAGE = 2000;

/**
 * Walks every stream in seq order, a page at a time, recomputing each hash. All of it reads one
 * snapshot (one transaction: InnoDB's REPEATABLE READ, SQLite's read transaction): read in
 * separate statements, an entry appended between reading the heads and the entries showed as
 * a false head mismatch while the host was working.
 */
export function verifyAuditStreams(dataSource: DataSource): Promise<AuditVerification> {
  return inTransaction(dataSource, verifySnapshot);
}

async function verifySnapshot(reader: EntityManager): Promise<AuditVerification> {
  const heads: Array<{ stream: string; last_seq: number | string; last_hash: string }> =
    await reader.query('SELECT stream, last_seq, last_hash FROM audit_streams');
  const withEntries: Array<{ stream: string }> = await reader.query(
    'SELECT DISTINCT stream FROM audit_entries',
  );
  const headOf = new Map(heads.map((h) => [h.stream, h]));
  const names = [...new Set([...headOf.keys(), ...withEntries.map((s) => s.stream)])].sort();
  const problems: AuditProblem[] = [];
  let entries = 0;

  for (const stream of names) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows: EntryRow[] = await reader.query(
        'SELECT * FROM audit_entries WHERE stream = ? AND seq >= ? ORDER BY seq LIMIT ?',
        [stream, expectedSeq, PAGE],
      );
      for (const row of rows) {
        entries++;
        const seq = Number(row.seq);
        const at = { stream, seq, id: String(row.id) };
        if (seq !== expectedSeq) {
          problems.push({ ...at, kind: 'seq-gap', detail: `expected seq ${expectedSeq}` });
        }
        if (row.prev_hash !== prevHash) {
          problems.push({
            ...at,
            kind: 'prev-hash-mismatch',
            detail: 'prev_hash is not the hash of the entry before',
          });
        }
        const recomputed = auditEntryHash({
          stream,
          seq,
          at: row.at,
          actor: row.actor,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          dataJson: row.data,
          prevHash: row.prev_hash,
        });
        if (recomputed !== row.hash) {
          problems.push({
            ...at,
            kind: 'hash-mismatch',
            detail: 'content does not match its hash',
          });
        }
        expectedSeq = seq + 1;
        prevHash = row.hash;
      }
      if (rows.length < PAGE) break;
    }
    const head = headOf.get(stream);
    const lastSeq = expectedSeq - 1;
    if (!head) {
      problems.push({
        stream,
        seq: lastSeq,
        kind: 'missing-head',
        detail: 'entries without a stream head',
      });
    } else if (Number(head.last_seq) !== lastSeq || head.last_hash !== prevHash) {
      problems.push({
        stream,
        seq: Number(head.last_seq),
        kind: 'head-mismatch',
        detail: `head says seq ${head.last_seq}, the entries end at seq ${lastSeq}`,
      });
    }
  }
  return { ok: problems.length === 0, streams: names.length, entries, problems };
}
