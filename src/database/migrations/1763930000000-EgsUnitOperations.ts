import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * egs_unit_operations: the lease of the onboarding or renewal running for a unit, so that two
 * processes (replicas, or the CLI beside a server) never run one for the same unit at once.
 * No foreign key to egs_unit: a row is short-lived and only ever looked up by its key.
 * Times are ISO-8601 text (varchar 24), compared as text on both back ends.
 */
export class EgsUnitOperations1763930000000 implements MigrationInterface {
  name = 'EgsUnitOperations1763930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const iso = { type: 'varchar', length: '24' };
    await queryRunner.createTable(
      new Table({
        name: 'egs_unit_operations',
        columns: [
          { name: 'unit_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'operation', type: 'varchar', length: '32' },
          { name: 'token', type: 'varchar', length: '36' },
          { name: 'owner', type: 'varchar', length: '255' },
          { name: 'started_at', ...iso },
          { name: 'expires_at', ...iso },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('egs_unit_operations');
  }
}
