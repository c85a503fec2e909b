import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { EgsUnitEntity } from './egs-unit.entity';
import type { EgsFlow } from '../onboarding/onboarding-state';

/** A CSR made for a unit. Once `submittedAt` is set ZATCA has seen it: it is never sent again. */
@Entity({ name: 'egs_csr' })
export class EgsCsrEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ForeignKey(() => EgsUnitEntity)
  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @Column({ type: 'varchar', length: 16 })
  flow!: EgsFlow;

  @Column({ type: 'text' })
  pem!: string;

  @Column({ name: 'submitted_at', type: 'datetime', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
