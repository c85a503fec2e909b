import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the host knows about one ERP record: `submitted` (it has an invoice: never submitted
 * again), `mapping-failed` (the record itself is at fault, errors says why; a new ERP version is
 * tried again), `ingest-failed` (it could not be taken for another reason: an ERP error on this
 * one record, a bug, a unit that cannot sign now; errors says why; every poll tries it again,
 * whatever its version) or `skipped`.
 */
export type RecordState = 'submitted' | 'mapping-failed' | 'ingest-failed' | 'skipped';

@Entity({ name: 'connector_records' })
/**
 * Serves RecordsService.failedToRetry at every poll: equality on connection, state and
 * `invoice_uuid IS NULL`, then read in (updated_at, record_id) order up to its limit, without
 * reading the connection's other records or sorting (migration ConnectorRecordsRetryIndex).
 */
@Index('ix_connector_records_retry', [
  'connectionId',
  'state',
  'invoiceUuid',
  'updatedAt',
  'recordId',
])
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

  /**
   * The ERP version right after our last write-back: seeing it again is our own echo. Kept only
   * when the write landed on a version we knew, so it never hides an ERP change we did not read.
   */
  @Column({ name: 'written_version', type: 'varchar', length: 40, nullable: true })
  writtenVersion!: string | null;

  @Column({ name: 'invoice_uuid', type: 'varchar', length: 36, nullable: true })
  invoiceUuid!: string | null;

  /** Mapping, pre-flight or ingest problems as JSON [{field, rule}]. */
  @Column({ name: 'errors_json', type: 'text', nullable: true })
  errorsJson!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
