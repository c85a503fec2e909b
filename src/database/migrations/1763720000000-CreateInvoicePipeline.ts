import { type MigrationInterface, type QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

/**
 * The invoice pipeline: `chain_heads` (one row per EGS unit, locked by the signing transaction),
 * `invoices` (every signed document, its state and ZATCA's answer) and `submission_queue` (the
 * durable outbox: one row per invoice still to be cleared or reported).
 *
 * Exactly-once is in the keys: UNIQUE(source, record_id) is the intake's idempotency key,
 * UNIQUE(unit_id, icv) makes a second document with one counter value impossible.
 * Timestamps are ISO-8601 UTC strings (they sort as text on both back ends); money is DECIMAL.
 */
export class CreateInvoicePipeline1763720000000 implements MigrationInterface {
  name = 'CreateInvoicePipeline1763720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    // A signed or cleared invoice can exceed TEXT's 64 KB on MariaDB.
    const bigText = type === 'better-sqlite3' || type === 'sqlite' ? 'text' : 'longtext';
    const iso = { type: 'varchar', length: '24' };

    await queryRunner.createTable(
      new Table({
        name: 'chain_heads',
        columns: [
          { name: 'unit_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'last_icv', type: 'integer' },
          { name: 'last_hash', type: 'varchar', length: '100' },
          { name: 'last_uuid', type: 'varchar', length: '36' },
          { name: 'updated_at', ...iso },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'invoices',
        columns: [
          { name: 'uuid', type: 'varchar', length: '36', isPrimary: true },
          { name: 'source', type: 'varchar', length: '100' },
          { name: 'record_id', type: 'varchar', length: '200' },
          { name: 'unit_id', type: 'varchar', length: '100' },
          { name: 'icv', type: 'integer' },
          { name: 'pih', type: 'varchar', length: '100' },
          { name: 'invoice_hash', type: 'varchar', length: '44' },
          { name: 'invoice_number', type: 'varchar', length: '127' },
          { name: 'kind', type: 'varchar', length: '12' },
          { name: 'subtype', type: 'varchar', length: '12' },
          { name: 'seller_vat', type: 'varchar', length: '15' },
          { name: 'issued_at', ...iso },
          { name: 'signed_at', ...iso },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'tax_amount', type: 'decimal', precision: 20, scale: 2 },
          { name: 'payable_amount', type: 'decimal', precision: 20, scale: 2 },
          { name: 'signed_xml', type: bigText },
          { name: 'qr', type: 'text' },
          { name: 'cleared_xml', type: bigText, isNullable: true },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'route', type: 'varchar', length: '12' },
          { name: 'dead_reason', type: 'varchar', length: '30', isNullable: true },
          { name: 'zatca_status', type: 'varchar', length: '12', isNullable: true },
          { name: 'zatca_messages', type: 'text', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'reporting_deadline', ...iso, isNullable: true },
          { name: 'deadline_alert', type: 'varchar', length: '10', isNullable: true },
          { name: 'corrects_uuid', type: 'varchar', length: '36', isNullable: true },
          { name: 'archived_path', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', ...iso },
          { name: 'updated_at', ...iso },
          { name: 'completed_at', ...iso, isNullable: true },
        ],
        uniques: [
          new TableUnique({
            name: 'uq_invoices_source_record',
            columnNames: ['source', 'record_id'],
          }),
          new TableUnique({ name: 'uq_invoices_unit_icv', columnNames: ['unit_id', 'icv'] }),
        ],
        indices: [
          new TableIndex({ name: 'ix_invoices_state', columnNames: ['state'] }),
          new TableIndex({
            name: 'ix_invoices_deadline',
            columnNames: ['reporting_deadline', 'state'],
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'submission_queue',
        columns: [
          { name: 'invoice_uuid', type: 'varchar', length: '36', isPrimary: true },
          { name: 'unit_id', type: 'varchar', length: '100' },
          // When the row may be taken next: after a backoff, or when a claim's lease runs out.
          { name: 'due_at', ...iso },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lease_token', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', ...iso },
        ],
        indices: [new TableIndex({ name: 'ix_submission_queue_due', columnNames: ['due_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('submission_queue');
    await queryRunner.dropTable('invoices');
    await queryRunner.dropTable('chain_heads');
  }
}
