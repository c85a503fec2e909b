import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { EgsUnitEntity } from './egs-unit.entity';

/** A unit's private key, sealed with AES-256-GCM under the master key; never stored in clear. */
@Entity({ name: 'egs_key' })
export class EgsKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ForeignKey(() => EgsUnitEntity)
  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  /** KeyVault output (`zv1.<masterKeyId>.<iv>.<ciphertext>.<tag>`) of the PKCS#8 DER. */
  @Column({ name: 'sealed_private_key', type: 'text' })
  sealedPrivateKey!: string;

  @Column({ name: 'master_key_id', type: 'varchar', length: 16 })
  masterKeyId!: string;

  @Column({ name: 'public_key_pem', type: 'text' })
  publicKeyPem!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
