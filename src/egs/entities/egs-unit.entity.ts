import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { CompanyEntity } from './company.entity';
import type { OnboardingState } from '../onboarding/onboarding-state';
import type { UnitEnvironment } from '../units/unit-environment';

/** One billing unit (EGS) of a company: its own key, certificate and invoice chain. */
@Entity({ name: 'egs_unit' })
// The name the migration's unique column got (TypeORM names a column's `unique` differently).
@Unique('UQ_276758e39621e053cac45402b52', ['name'])
export class EgsUnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ForeignKey(() => CompanyEntity)
  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId!: string;

  /** Unique, the CSR common name (CN); also how the CLI names the unit. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** `1-<solution>|2-<model>|3-<serial>` (CSR SAN SN). */
  @Column({ name: 'serial_number', type: 'varchar', length: 255 })
  serialNumber!: string;

  @Column({ name: 'branch_name', type: 'varchar', length: 255 })
  branchName!: string;

  /** CSR registeredAddress: preferably the national short address. */
  @Column({ name: 'location_address', type: 'varchar', length: 255 })
  locationAddress!: string;

  @Column({ name: 'business_category', type: 'varchar', length: 255 })
  businessCategory!: string;

  /** The TSCZ map: 1000 standard, 0100 simplified, 1100 both. */
  @Column({ name: 'invoice_types', type: 'varchar', length: 4 })
  invoiceTypes!: string;

  @Column({ type: 'varchar', length: 16 })
  environment!: UnitEnvironment;

  /** Replaces ZATCA's gateway host (a separately run simulator, a proxy); null = the default. */
  @Column({ name: 'fatoora_host', type: 'varchar', length: 255, nullable: true })
  fatooraHost!: string | null;

  @Column({ name: 'onboarding_state', type: 'varchar', length: 32 })
  onboardingState!: OnboardingState;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
