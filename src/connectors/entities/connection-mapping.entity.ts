import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

/** One mapping setting of a connection: (kind, ERP key) → value JSON. */
@Entity({ name: 'connector_mappings' })
export class ConnectionMappingEntity {
  @ForeignKey(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'connection_id', type: 'varchar', length: 100 })
  connectionId!: string;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  kind!: string;

  @PrimaryColumn({ name: 'erp_key', type: 'varchar', length: 100 })
  erpKey!: string;

  @Column({ name: 'value_json', type: 'text' })
  valueJson!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
