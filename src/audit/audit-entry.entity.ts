import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One audit entry (see migration CreateAuditTrail). Never updated or deleted (triggers refuse). */
@Entity({ name: 'audit_entries' })
@Unique('uq_audit_entries_stream_seq', ['stream', 'seq'])
@Index('ix_audit_entries_subject', ['subjectType', 'subjectId'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  stream!: string;

  @Column({ type: 'integer' })
  seq!: number;

  /** ISO-8601 UTC with milliseconds, exactly as hashed (a string, so no driver can reformat it). */
  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 50 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId!: string;

  /** The redacted data, exactly as hashed. */
  @Column({ type: 'text' })
  data!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
