import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EgsUnitEntity } from './egs-unit.entity';
import type { EgsFlow } from '../onboarding/onboarding-state';

/** One attempted step of an onboarding or renewal, with ZATCA's messages: the unit's history. */
@Entity({ name: 'egs_step' })
@Index('idx_egs_step_unit', ['unitId'])
export class EgsStepEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @ForeignKey(() => EgsUnitEntity)
  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  @Column({ type: 'varchar', length: 16 })
  flow!: EgsFlow;

  /** key-generated, csr-created, compliance-csid, compliance-check, production-csid, ... */
  @Column({ type: 'varchar', length: 32 })
  step!: string;

  @Column({ type: 'varchar', length: 8 })
  outcome!: 'passed' | 'failed';

  /** The compliance CSID a compliance check ran under. */
  @Column({ name: 'certificate_id', type: 'varchar', length: 36, nullable: true })
  certificateId!: string | null;

  /** For compliance checks: standard-invoice, simplified-credit-note, ... */
  @Column({ name: 'document_type', type: 'varchar', length: 32, nullable: true })
  documentType!: string | null;

  /** JSON array of ZATCA's messages ({code, category, message}). */
  @Column({ name: 'messages_json', type: 'text' })
  messagesJson!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ type: 'datetime' })
  at!: Date;
}
