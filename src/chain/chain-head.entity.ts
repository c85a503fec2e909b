import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The end of one EGS unit's chain: the last ICV given and the hash the next document chains on. */
@Entity({ name: 'chain_heads' })
export class ChainHeadEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'varchar', length: 100 })
  unitId!: string;

  @Column({ name: 'last_icv', type: 'integer' })
  lastIcv!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 100 })
  lastHash!: string;

  @Column({ name: 'last_uuid', type: 'varchar', length: 36 })
  lastUuid!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
