import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * An index for the records a poll tries again (RecordsService.failedToRetry: one connection,
 * state `ingest-failed`, no invoice, least recently tried first, a few at a time). Without it
 * every poll read all of the connection's records; with it the query reads only the rows it
 * returns, already in order. The columns follow the query: its equalities (`invoice_uuid IS
 * NULL` is one for both back ends), then its ORDER BY.
 *
 * CREATE INDEX / DROP INDEX on both back ends: no table rebuild on SQLite.
 */
export class ConnectorRecordsRetryIndex1763920000000 implements MigrationInterface {
  name = 'ConnectorRecordsRetryIndex1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'connector_records',
      new TableIndex({
        name: 'ix_connector_records_retry',
        columnNames: ['connection_id', 'state', 'invoice_uuid', 'updated_at', 'record_id'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('connector_records', 'ix_connector_records_retry');
  }
}
