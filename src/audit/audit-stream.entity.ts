import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The head of one audit stream: locked by every append to that stream. */
@Entity({ name: 'audit_streams' })
export class AuditStreamEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  stream!: string;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;
}
