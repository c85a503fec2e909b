import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A seller (taxpayer). The VAT number is not unique: members of a VAT group share one, and each
 * is its own company (told apart in the CSR by the member's TIN, spec 5.2).
 */
@Entity({ name: 'egs_company' })
@Index('idx_egs_company_vat', ['vatNumber'])
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'vat_number', type: 'varchar', length: 15 })
  vatNumber!: string;

  /** Other seller ID (BT-29): CRN, MOM, MLS, 700, SAG or OTH. */
  @Column({ name: 'other_id_scheme', type: 'varchar', length: 8 })
  otherIdScheme!: string;

  @Column({ name: 'other_id_value', type: 'varchar', length: 64 })
  otherIdValue!: string;

  @Column({ name: 'name_ar', type: 'varchar', length: 255 })
  nameAr!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 255 })
  nameEn!: string;

  /** The member's 10-digit TIN when the VAT number is a VAT group's (11th digit 1). */
  @Column({ name: 'vat_group_member_tin', type: 'varchar', length: 10, nullable: true })
  vatGroupMemberTin!: string | null;

  @Column({ type: 'varchar', length: 255 })
  street!: string;

  @Column({ name: 'additional_street', type: 'varchar', length: 255, nullable: true })
  additionalStreet!: string | null;

  @Column({ name: 'building_number', type: 'varchar', length: 4 })
  buildingNumber!: string;

  @Column({ name: 'additional_number', type: 'varchar', length: 4, nullable: true })
  additionalNumber!: string | null;

  @Column({ type: 'varchar', length: 127 })
  district!: string;

  @Column({ type: 'varchar', length: 127 })
  city!: string;

  @Column({ name: 'postal_zone', type: 'varchar', length: 5 })
  postalZone!: string;

  @Column({ type: 'varchar', length: 127, nullable: true })
  province!: string | null;

  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
