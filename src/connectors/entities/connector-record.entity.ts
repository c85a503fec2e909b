import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the host knows about one ERP record: `submitted` (it has an invoice: never submitted
 * again), `mapping-failed` (errors says why; a new ERP version is tried again) or `skipped`.
 */
export type RecordState = 'submitted' | 'mapping-failed' | 'skipped';

@Entity({ name: 'connector_records' })
export class ConnectorRecordEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'varchar', length: 100 })
  connectionId!: string;

  @PrimaryColumn({ name: 'record_id', type: 'varchar', length: 200 })
  recordId!: string;

  @Column({ type: 'varchar', length: 20 })
  state!: RecordState;

  /** The ERP version last handled. */
  @Column({ name: 'erp_version', type: 'varchar', length: 40, nullable: true })
  erpVersion!: string | null;

  /** The ERP version right after our last write-back: seeing it again is our own echo. */
  @Column({ name: 'written_version', type: 'varchar', length: 40, nullable: true })
  writtenVersion!: string | null;

  @Column({ name: 'invoice_uuid', type: 'varchar', length: 36, nullable: true })
  invoiceUuid!: string | null;

  /** Mapping or pre-flight problems as JSON [{field, rule}]. */
  @Column({ name: 'errors_json', type: 'text', nullable: true })
  errorsJson!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
