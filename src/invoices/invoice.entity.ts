import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { LongTextColumn } from '../database/long-text-column';
import type { InvoiceState, SubmissionRoute, ZatcaStatus } from './invoice-state';

/** One signed document of an EGS chain (see migration CreateInvoicePipeline). */
@Entity({ name: 'invoices' })
@Unique('uq_invoices_source_record', ['source', 'recordId'])
@Unique('uq_invoices_unit_icv', ['unitId', 'icv'])
@Index('ix_invoices_deadline', ['reportingDeadline', 'state'])
export class InvoiceEntity {
  /** The document's UUID (KSA-1). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  uuid!: string;

  @Column({ type: 'varchar', length: 100 })
  source!: string;

  @Column({ name: 'record_id', type: 'varchar', length: 200 })
  recordId!: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 100 })
  unitId!: string;

  @Column({ type: 'integer' })
  icv!: number;

  @Column({ type: 'varchar', length: 100 })
  pih!: string;

  @Column({ name: 'invoice_hash', type: 'varchar', length: 44 })
  invoiceHash!: string;

  @Column({ name: 'invoice_number', type: 'varchar', length: 127 })
  invoiceNumber!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: string;

  @Column({ type: 'varchar', length: 12 })
  subtype!: 'standard' | 'simplified';

  @Column({ name: 'seller_vat', type: 'varchar', length: 15 })
  sellerVat!: string;

  @Column({ name: 'issued_at', type: 'varchar', length: 24 })
  issuedAt!: string;

  @Column({ name: 'signed_at', type: 'varchar', length: 24 })
  signedAt!: string;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** DECIMAL, read and written as an exact string. */
  @Column({ name: 'tax_amount', type: 'decimal', precision: 20, scale: 2 })
  taxAmount!: string;

  @Column({ name: 'payable_amount', type: 'decimal', precision: 20, scale: 2 })
  payableAmount!: string;

  /** The exact bytes that were hashed and are (re)submitted. */
  @LongTextColumn({ name: 'signed_xml' })
  signedXml!: string;

  @Column({ type: 'text' })
  qr!: string;

  @LongTextColumn({ name: 'cleared_xml', nullable: true })
  clearedXml!: string | null;

  @Index('ix_invoices_state')
  @Column({ type: 'varchar', length: 20 })
  state!: InvoiceState;

  @Column({ type: 'varchar', length: 12 })
  route!: SubmissionRoute;

  @Column({ name: 'dead_reason', type: 'varchar', length: 30, nullable: true })
  deadReason!: string | null;

  @Column({ name: 'zatca_status', type: 'varchar', length: 12, nullable: true })
  zatcaStatus!: ZatcaStatus | null;

  /** ZATCA's messages (errors, warnings) as JSON. */
  @Column({ name: 'zatca_messages', type: 'text', nullable: true })
  zatcaMessages!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  /** Simplified documents: issuance + 24 h (spec 8.1). */
  @Column({ name: 'reporting_deadline', type: 'varchar', length: 24, nullable: true })
  reportingDeadline!: string | null;

  @Column({ name: 'deadline_alert', type: 'varchar', length: 10, nullable: true })
  deadlineAlert!: 'at-risk' | 'missed' | null;

  @Column({ name: 'corrects_uuid', type: 'varchar', length: 36, nullable: true })
  correctsUuid!: string | null;

  @Column({ name: 'archived_path', type: 'varchar', length: 500, nullable: true })
  archivedPath!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'completed_at', type: 'varchar', length: 24, nullable: true })
  completedAt!: string | null;
}
