import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The onboarding or renewal running for a unit, whichever process or host runs it: the lease
 * behind UnitLocks. The row exists only while the operation runs (or until its lease expires,
 * if its process died).
 */
@Entity({ name: 'egs_unit_operations' })
export class EgsUnitOperationEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  /** `onboarding` or `renewal`. */
  @Column({ type: 'varchar', length: 32 })
  operation!: string;

  /** This holder's lease: renewals and the release touch the row only with it. */
  @Column({ type: 'varchar', length: 36 })
  token!: string;

  /** Host name and pid, for the message another caller gets. */
  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  /** ISO-8601 UTC, like the pipeline's times: they compare as text on both back ends. */
  @Column({ name: 'started_at', type: 'varchar', length: 24 })
  startedAt!: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 24 })
  expiresAt!: string;
}
