import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import type { AuditInput } from '../audit/audit-entry';
import type { CanonicalInvoice } from '../core/model';
import { signInvoice } from '../core/signing';
import type { InvoiceTotals } from '../core/totals';
import { INITIAL_PIH, renderInvoice } from '../core/ubl';
import { deferWrite } from '../database/batched-transaction';
import { GroupCommit } from '../database/group-commit';
import { insertRows } from '../database/raw-writes';
import { retryOnDeadlock } from '../database/lock-retry';
import { forUpdate, inTransaction, isSqlite } from '../database/transactions';
import type { EgsSigningContext } from '../egs/egs-signing-context';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { invoiceKeyOf, invoicesByKey } from '../invoices/invoices-by-key';
import { isoIn, isoNow } from '../pipeline/clock';
import { SubmissionQueue } from '../queue/submission-queue';

const REPORTING_WINDOW_MS = 24 * 3_600_000;
/** Documents signed in one transaction at most (a 100-line document is about 90 KB of XML). */
const MAX_BATCH = 32;

export interface ChainInput {
  context: EgsSigningContext;
  invoice: CanonicalInvoice;
  totals: InvoiceTotals;
  source: string;
  recordId: string;
  correctsUuid?: string;
  /** The intake's claim on the queue row, so it can submit at once; workers wait for the lease. */
  claimToken: string | null;
  leaseMs: number;
  actor: string;
}

export interface ChainOutcome {
  invoice: InvoiceEntity;
  /** False when the key had been signed already: `invoice` is that earlier document. */
  created: boolean;
}

/**
 * The signing transactions of the EGS units: under the lock of a unit's chain head, take the
 * next ICV and the PIH, render and sign, store the signed XML, move the head, enqueue the
 * submission. Everything commits or nothing does, so ICVs have no gaps and no duplicates
 * (UNIQUE(unit_id, icv) backs this up).
 *
 * Documents that arrive while a signing transaction runs are signed together in the next one
 * (GroupCommit), whatever their unit: one commit and a few multi-row statements for the batch,
 * the heads of its units locked by one statement in sorted order (so two writers never wait on
 * each other in a cycle). With many units, per-unit batches would be mostly of one document.
 * A lone document is never held back to wait for company.
 */
@Injectable()
export class ChainWriter {
  private readonly knownHeads = new Set<string>();
  private readonly batches: GroupCommit<ChainInput, ChainOutcome>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SubmissionQueue,
    private readonly audit: AuditTrail,
  ) {
    this.batches = new GroupCommit(
      (inputs) =>
        retryOnDeadlock(() => inTransaction(this.dataSource, (m) => this.signBatch(m, inputs))),
      MAX_BATCH,
    );
  }

  /** Signs the next document of the unit, or returns the one already made for this key. */
  async sign(input: ChainInput): Promise<ChainOutcome> {
    await this.ensureHead(input.context.unitId);
    return this.batches.submit(input);
  }

  /**
   * Creates the unit's head row (ICV 0, the initial PIH) if missing. Run outside the signing
   * transaction, in autocommit: two first invoices of a unit then never deadlock on it.
   */
  private async ensureHead(unitId: string): Promise<void> {
    if (this.knownHeads.has(unitId)) return;
    const ignore = isSqlite(this.dataSource) ? 'OR IGNORE' : 'IGNORE';
    await this.dataSource.query(
      `INSERT ${ignore} INTO chain_heads (unit_id, last_icv, last_hash, last_uuid, updated_at) VALUES (?, 0, ?, '', ?)`,
      [unitId, INITIAL_PIH, isoNow()],
    );
    this.knownHeads.add(unitId);
  }

  /** One transaction: signs the batch's new documents in order, one ICV after the other per unit. */
  private async signBatch(
    m: EntityManager,
    inputs: ChainInput[],
  ): Promise<Array<ChainOutcome | Error>> {
    const heads = await this.lockHeads(m, [...new Set(inputs.map((i) => i.context.unitId))]);

    // Under the units' locks, a concurrent request with the same key has either committed (found
    // here) or not started; across units, UNIQUE(source, record_id) refuses the second insert.
    const signed = await invoicesByKey(m, inputs);
    const now = isoNow();
    const made: Array<{ input: ChainInput; row: InvoiceEntity }> = [];
    const outcomes = inputs.map((input): ChainOutcome | Error => {
      const key = invoiceKeyOf(input);
      const earlier = signed.get(key);
      if (earlier) return { invoice: earlier, created: false };
      const head = heads.get(input.context.unitId)!;
      let row: InvoiceEntity;
      try {
        row = this.signOne(input, head.icv + 1, head.pih, now);
      } catch (err) {
        // This document fails alone; its slot goes to the next one.
        return err instanceof Error ? err : new Error(String(err));
      }
      head.icv = row.icv;
      head.pih = row.invoiceHash;
      head.uuid = row.uuid;
      signed.set(key, row);
      made.push({ input, row });
      return { invoice: row, created: true };
    });
    if (made.length === 0) return outcomes;

    const rows = made.map((d) => d.row);
    await insertRows(m, InvoiceEntity, rows);
    await this.moveHeads(
      m,
      [...heads].filter(([, head]) => head.uuid !== null),
      now,
    );
    await this.queue.enqueue(
      m,
      made.map(({ input, row }) => ({
        invoiceUuid: row.uuid,
        unitId: row.unitId,
        token: input.claimToken,
        dueAt: input.claimToken ? isoIn(input.leaseMs) : now,
      })),
    );
    for (const row of rows) {
      if (!row.correctsUuid) continue;
      await m.update(
        InvoiceEntity,
        { uuid: row.correctsUuid, state: 'dead-letter' },
        { state: 'superseded', updatedAt: now },
      );
    }
    await this.audit.appendAllDeferred(
      made.map(({ input, row }) => signedEntry(input, row)),
      m,
    );
    return outcomes;
  }

  /** The chain heads of `unitIds`, locked for this transaction in unit order. */
  private async lockHeads(m: EntityManager, unitIds: string[]): Promise<Map<string, Head>> {
    const sorted = [...unitIds].sort();
    const rows: Array<{ unit_id: string; last_icv: number | string; last_hash: string }> =
      await m.query(
        `SELECT unit_id, last_icv, last_hash FROM chain_heads WHERE unit_id IN (${sorted.map(() => '?').join(', ')}) ORDER BY unit_id${forUpdate(m)}`,
        sorted,
      );
    const heads = new Map(
      rows.map((r): [string, Head] => [
        r.unit_id,
        { icv: Number(r.last_icv), pih: r.last_hash, uuid: null },
      ]),
    );
    const missing = sorted.find((u) => !heads.has(u));
    if (missing) throw new Error(`chain head of unit ${missing} is missing`);
    return heads;
  }

  /** Moves the heads the batch signed on, sent with the next statement (deferWrite). */
  private async moveHeads(m: EntityManager, moved: Array<[string, Head]>, now: string) {
    // One UPDATE per head, by primary key. A single `WHERE unit_id IN (...)` UPDATE let MariaDB
    // scan this small table and lock other units' heads, out of order: deadlocks.
    for (const [unitId, head] of moved) {
      await deferWrite(
        m,
        'UPDATE chain_heads SET last_icv = ?, last_hash = ?, last_uuid = ?, updated_at = ? WHERE unit_id = ?',
        [head.icv, head.pih, head.uuid, now, unitId],
      );
    }
  }

  private signOne(input: ChainInput, icv: number, pih: string, now: string): InvoiceEntity {
    const { context, invoice, totals } = input;
    const unsigned = renderInvoice(invoice, totals, { icv, pih });
    const signedAt = new Date();
    const signed = signInvoice(unsigned, context.credentials, { signingTime: signedAt });
    return {
      uuid: invoice.uuid,
      source: input.source,
      recordId: input.recordId,
      unitId: context.unitId,
      icv,
      pih,
      invoiceHash: signed.invoiceHash,
      invoiceNumber: invoice.id,
      kind: invoice.kind,
      subtype: invoice.subtype,
      sellerVat: invoice.seller.vatNumber,
      issuedAt: new Date(invoice.issuedAt).toISOString(),
      signedAt: signedAt.toISOString(),
      currency: invoice.currency,
      taxAmount: totals.taxAmount.toFixed(2),
      payableAmount: totals.payableAmount.toFixed(2),
      signedXml: signed.xml,
      qr: signed.qr,
      clearedXml: null,
      state: 'pending',
      route: invoice.subtype === 'standard' ? 'clearance' : 'reporting',
      deadReason: null,
      zatcaStatus: null,
      zatcaMessages: null,
      attempts: 0,
      lastError: null,
      reportingDeadline:
        invoice.subtype === 'simplified'
          ? new Date(Date.parse(invoice.issuedAt) + REPORTING_WINDOW_MS).toISOString()
          : null,
      deadlineAlert: null,
      correctsUuid: input.correctsUuid ?? null,
      archivedPath: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    };
  }
}

/** A unit's chain head as the batch moves it: the last ICV, hash and uuid signed. */
interface Head {
  icv: number;
  pih: string;
  /** The last document this batch signed on the unit; null while it signed none. */
  uuid: string | null;
}

function signedEntry(input: ChainInput, row: InvoiceEntity): AuditInput {
  return {
    stream: `egs:${row.unitId}`,
    actor: input.actor,
    action: 'invoice.signed',
    subjectType: 'invoice',
    subjectId: row.uuid,
    data: {
      source: row.source,
      recordId: row.recordId,
      icv: row.icv,
      pih: row.pih,
      invoiceHash: row.invoiceHash,
      subtype: row.subtype,
      invoiceNumber: row.invoiceNumber,
      payableAmount: row.payableAmount,
      correctsUuid: row.correctsUuid,
    },
  };
}
