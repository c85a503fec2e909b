import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The single row that identifies this installation (see migration CreateInstance). */
@Entity({ name: 'instance' })
export class InstanceEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'installation_id', type: 'varchar', length: 36, unique: true })
  installationId!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  notes!: string | null;
}
