import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One invoice still to be cleared or reported (the durable outbox). Deleted when it is done. */
@Entity({ name: 'submission_queue' })
export class SubmissionQueueEntity {
  @PrimaryColumn({ name: 'invoice_uuid', type: 'varchar', length: 36 })
  invoiceUuid!: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 100 })
  unitId!: string;

  /** When the row may be claimed: after a backoff, or when a claim's lease has run out. */
  @Index('ix_submission_queue_due')
  @Column({ name: 'due_at', type: 'varchar', length: 24 })
  dueAt!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Set by a claim; a result is only applied by the holder of the current token. */
  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
