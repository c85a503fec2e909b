import { type MigrationInterface, type QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

/**
 * The audit trail: `audit_streams` (one head row per hash chain) and `audit_entries` (append-only;
 * triggers refuse UPDATE and DELETE on both back ends, so a change needs a deliberate DROP TRIGGER
 * and still shows up in `zatca audit verify`).
 */
export class CreateAuditTrail1763710000000 implements MigrationInterface {
  name = 'CreateAuditTrail1763710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_streams',
        columns: [
          { name: 'stream', type: 'varchar', length: '100', isPrimary: true },
          { name: 'last_seq', type: 'integer' },
          { name: 'last_hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'stream', type: 'varchar', length: '100' },
          { name: 'seq', type: 'integer' },
          { name: 'at', type: 'varchar', length: '24' },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'subject_type', type: 'varchar', length: '50' },
          { name: 'subject_id', type: 'varchar', length: '100' },
          { name: 'data', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        uniques: [
          new TableUnique({ name: 'uq_audit_entries_stream_seq', columnNames: ['stream', 'seq'] }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_audit_entries_subject',
            columnNames: ['subject_type', 'subject_id'],
          }),
        ],
      }),
    );
    for (const event of ['UPDATE', 'DELETE']) {
      await queryRunner.query(appendOnlyTrigger(queryRunner, event));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_no_update');
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_no_delete');
    await queryRunner.dropTable('audit_entries');
    await queryRunner.dropTable('audit_streams');
  }
}

function appendOnlyTrigger(queryRunner: QueryRunner, event: string): string {
  const name = `audit_entries_no_${event.toLowerCase()}`;
  const message = `audit_entries is append-only: ${event} refused`;
  const type = queryRunner.connection.options.type;
  if (type === 'better-sqlite3' || type === 'sqlite') {
    return `CREATE TRIGGER ${name} BEFORE ${event} ON audit_entries BEGIN SELECT RAISE(ABORT, '${message}'); END`;
  }
  return `CREATE TRIGGER ${name} BEFORE ${event} ON audit_entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${message}'`;
}
