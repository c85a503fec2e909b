import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.service';
import type { CanonicalInvoice } from '../core/model';
import { signInvoice } from '../core/signing';
import type { InvoiceTotals } from '../core/totals';
import { INITIAL_PIH, renderInvoice } from '../core/ubl';
import { forUpdate, isSqlite } from '../database/transactions';
import type { EgsSigningContext } from '../egs/egs-signing-context';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { isoIn, isoNow } from '../pipeline/clock';
import { SubmissionQueue } from '../queue/submission-queue';

const REPORTING_WINDOW_MS = 24 * 3_600_000;

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

/**
 * The signing transaction of one EGS unit: under the lock of its chain head, take the next ICV
 * and the PIH, render and sign, store the signed XML, move the head, enqueue the submission.
 * The caller runs it in a transaction; everything commits or nothing does, so ICVs have no gaps
 * and no duplicates (UNIQUE(unit_id, icv) backs this up).
 */
@Injectable()
export class ChainWriter {
  private readonly knownHeads = new Set<string>();

  constructor(
    private readonly queue: SubmissionQueue,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Creates the unit's head row (ICV 0, the initial PIH) if missing. Called outside the signing
   * transaction, in autocommit: two first invoices of a unit then never deadlock on it.
   */
  async ensureHead(manager: EntityManager, unitId: string): Promise<void> {
    if (this.knownHeads.has(unitId)) return;
    const ignore = isSqlite(manager.connection) ? 'OR IGNORE' : 'IGNORE';
    await manager.query(
      `INSERT ${ignore} INTO chain_heads (unit_id, last_icv, last_hash, last_uuid, updated_at) VALUES (?, 0, ?, '', ?)`,
      [unitId, INITIAL_PIH, isoNow()],
    );
    this.knownHeads.add(unitId);
  }

  /** Signs the next document of the unit, or returns the one already made for this key. */
  async signNext(
    m: EntityManager,
    input: ChainInput,
  ): Promise<{ invoice: InvoiceEntity; created: boolean }> {
    const { context, invoice, totals } = input;
    const unitId = context.unitId;
    const heads: Array<{ last_icv: number | string; last_hash: string }> = await m.query(
      `SELECT last_icv, last_hash FROM chain_heads WHERE unit_id = ?${forUpdate(m)}`,
      [unitId],
    );
    if (heads.length === 0) throw new Error(`chain head of unit ${unitId} is missing`);

    // Under the unit's lock, a concurrent request with the same key has either committed (found
    // here) or not started; across units, UNIQUE(source, record_id) refuses the second insert.
    const existing = await m.findOneBy(InvoiceEntity, {
      source: input.source,
      recordId: input.recordId,
    });
    if (existing) return { invoice: existing, created: false };

    const icv = Number(heads[0].last_icv) + 1;
    const pih = heads[0].last_hash;
    const unsigned = renderInvoice(invoice, totals, { icv, pih });
    const signedAt = new Date();
    const signed = signInvoice(unsigned, context.credentials, { signingTime: signedAt });
    const now = isoNow();
    const row: InvoiceEntity = {
      uuid: invoice.uuid,
      source: input.source,
      recordId: input.recordId,
      unitId,
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
    await m.insert(InvoiceEntity, row);
    await m.query(
      'UPDATE chain_heads SET last_icv = ?, last_hash = ?, last_uuid = ?, updated_at = ? WHERE unit_id = ?',
      [icv, signed.invoiceHash, invoice.uuid, now, unitId],
    );
    await this.queue.enqueue(m, {
      invoiceUuid: invoice.uuid,
      unitId,
      token: input.claimToken,
      dueAt: input.claimToken ? isoIn(input.leaseMs) : isoNow(),
    });
    if (input.correctsUuid) {
      await m.update(
        InvoiceEntity,
        { uuid: input.correctsUuid, state: 'dead-letter' },
        { state: 'superseded', updatedAt: now },
      );
    }
    await this.audit.append(
      {
        stream: `egs:${unitId}`,
        actor: input.actor,
        action: 'invoice.signed',
        subjectType: 'invoice',
        subjectId: invoice.uuid,
        data: {
          source: input.source,
          recordId: input.recordId,
          icv,
          pih,
          invoiceHash: signed.invoiceHash,
          subtype: invoice.subtype,
          invoiceNumber: invoice.id,
          payableAmount: row.payableAmount,
          correctsUuid: input.correctsUuid ?? null,
        },
      },
      m,
    );
    return { invoice: row, created: true };
  }
}
