import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { EgsUnitEntity } from './egs-unit.entity';
import type { EgsFlow } from '../onboarding/onboarding-state';

export type CertificateKind = 'compliance' | 'production';
/**
 * pending: issued, not in use yet (a compliance CSID during its checks); active: the unit's
 * current one of its kind; superseded: replaced by a renewal, kept to verify older invoices;
 * abandoned: a compliance CSID given up (expired before its checks passed).
 */
export type CertificateStatus = 'pending' | 'active' | 'superseded' | 'abandoned';

/** Every CSID a unit was issued: the current ones and the history. */
@Entity({ name: 'egs_certificate' })
@Index('idx_egs_certificate_unit', ['unitId', 'kind', 'status'])
export class EgsCertificateEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ForeignKey(() => EgsUnitEntity)
  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @Column({ name: 'csr_id', type: 'varchar', length: 36 })
  csrId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CertificateKind;

  @Column({ type: 'varchar', length: 16 })
  flow!: EgsFlow;

  @Column({ type: 'varchar', length: 16 })
  status!: CertificateStatus;

  /** ZATCA's requestID (13+ digits, kept as text). */
  @Column({ name: 'request_id', type: 'varchar', length: 32 })
  requestId!: string;

  /** base64 DER (the ds:X509Certificate text). */
  @Column({ name: 'certificate_base64', type: 'text' })
  certificateBase64!: string;

  /** The Basic-auth user exactly as ZATCA returned it. */
  @Column({ name: 'binary_security_token', type: 'text' })
  binarySecurityToken!: string;

  /** The CSID secret (Basic-auth password), sealed like the private keys. */
  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret!: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 64 })
  serialNumber!: string;

  @Column({ name: 'not_before', type: 'datetime' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'datetime' })
  notAfter!: Date;

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt!: Date;

  @Column({ name: 'activated_at', type: 'datetime', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'superseded_at', type: 'datetime', nullable: true })
  supersededAt!: Date | null;
}
