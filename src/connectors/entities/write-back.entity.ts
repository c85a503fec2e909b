import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The write-back outbox: one row per result to put into the ERP. Retried on its own schedule;
 * it never touches the submission to ZATCA.
 */
@Entity({ name: 'connector_write_backs' })
@Index('ix_connector_write_backs_due', ['state', 'nextAttemptAt'])
export class WriteBackEntity {
  /** `<connectionId>/<recordId>/<what>`: the same result is queued once. */
  @PrimaryColumn({ type: 'varchar', length: 400 })
  id!: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 100 })
  connectionId!: string;

  @Column({ name: 'record_id', type: 'varchar', length: 200 })
  recordId!: string;

  /** `invoice` (the result of invoice_uuid, once final) or `error` (errors of the record). */
  @Column({ type: 'varchar', length: 10 })
  what!: 'invoice' | 'error';

  @Column({ name: 'invoice_uuid', type: 'varchar', length: 36, nullable: true })
  invoiceUuid!: string | null;

  /** `pending` (to do), `done`, `abandoned` (the ERP record was deleted: nothing to write into). */
  @Column({ type: 'varchar', length: 10 })
  state!: 'pending' | 'done' | 'abandoned';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 24 })
  nextAttemptAt!: string;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'done_at', type: 'varchar', length: 24, nullable: true })
  doneAt!: string | null;
}
