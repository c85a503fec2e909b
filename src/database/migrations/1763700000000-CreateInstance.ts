import { randomUUID } from 'node:crypto';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The `instance` table: one row (id = 1) identifying this installation. Written with the portable
 * Table API so the same migration runs on SQLite and MariaDB.
 */
export class CreateInstance1763700000000 implements MigrationInterface {
  name = 'CreateInstance1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'instance',
        columns: [
          // Always 1: the primary key makes a second row impossible.
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'installation_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'notes', type: 'varchar', length: '255', isNullable: true },
        ],
      }),
    );
    // The installation id is generated once, here, and never changes afterwards. Plain SQL with
    // `?` placeholders (valid on both back ends): a migration must not depend on entity classes,
    // which will change after it is written.
    await queryRunner.query(
      'INSERT INTO instance (id, installation_id, created_at, notes) VALUES (?, ?, ?, ?)',
      [
        1,
        randomUUID(),
        utcDatetime(new Date()),
        'created by migration CreateInstance1763700000000',
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('instance');
  }
}

/** `YYYY-MM-DD HH:MM:SS` in UTC: the DATETIME literal both SQLite and MariaDB store as given. */
function utcDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
