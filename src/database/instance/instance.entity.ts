import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The single row that identifies this installation (see migration CreateInstance). */
@Entity({ name: 'instance' })
// The name the migration's unique column got (TypeORM names a column's `unique` differently).
@Unique('UQ_4b79162db44bff82c3486fb3f6b', ['installationId'])
export class InstanceEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'installation_id', type: 'varchar', length: 36 })
  installationId!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  notes!: string | null;
}
