import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * ERP connectors: connections (settings, sealed API key, webhook token hash, poll cursor),
 * their mapping settings, what we know per ERP record (the loop guard and the status API),
 * and the write-back outbox.
 */
export class CreateConnectors1763900000000 implements MigrationInterface {
  name = 'CreateConnectors1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const iso = { type: 'varchar', length: '24' };
    await queryRunner.createTable(
      new Table({
        name: 'connector_connections',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '30' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'settings_json', type: 'text' },
          { name: 'sealed_secret', type: 'text' },
          { name: 'webhook_token_hash', type: 'varchar', length: '64' },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'state_message', type: 'text', isNullable: true },
          { name: 'cursor', type: 'varchar', length: '200', isNullable: true },
          { name: 'last_poll_at', ...iso, isNullable: true },
          { name: 'last_poll_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', ...iso },
          { name: 'updated_at', ...iso },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connector_mappings',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '30', isPrimary: true },
          { name: 'erp_key', type: 'varchar', length: '100', isPrimary: true },
          { name: 'value_json', type: 'text' },
          { name: 'updated_at', ...iso },
        ],
        foreignKeys: [
          {
            columnNames: ['connection_id'],
            referencedTableName: 'connector_connections',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connector_records',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'record_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'erp_version', type: 'varchar', length: '40', isNullable: true },
          { name: 'written_version', type: 'varchar', length: '40', isNullable: true },
          { name: 'invoice_uuid', type: 'varchar', length: '36', isNullable: true },
          { name: 'errors_json', type: 'text', isNullable: true },
          { name: 'updated_at', ...iso },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connector_write_backs',
        columns: [
          { name: 'id', type: 'varchar', length: '400', isPrimary: true },
          { name: 'connection_id', type: 'varchar', length: '100' },
          { name: 'record_id', type: 'varchar', length: '200' },
          { name: 'what', type: 'varchar', length: '10' },
          { name: 'invoice_uuid', type: 'varchar', length: '36', isNullable: true },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', ...iso },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', ...iso },
          { name: 'done_at', ...iso, isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'connector_write_backs',
      new TableIndex({
        name: 'ix_connector_write_backs_due',
        columnNames: ['state', 'next_attempt_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connector_write_backs');
    await queryRunner.dropTable('connector_records');
    await queryRunner.dropTable('connector_mappings');
    await queryRunner.dropTable('connector_connections');
  }
}
