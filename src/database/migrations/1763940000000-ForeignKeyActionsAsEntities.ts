import { type MigrationInterface, type QueryRunner, TableForeignKey } from 'typeorm';

/** The foreign keys the first migrations made without ON UPDATE (and ON DELETE) clauses. */
const KEYS = [
  { table: 'egs_unit', column: 'company_id', references: 'egs_company', onDelete: undefined },
  { table: 'egs_key', column: 'unit_id', references: 'egs_unit', onDelete: undefined },
  { table: 'egs_csr', column: 'unit_id', references: 'egs_unit', onDelete: undefined },
  { table: 'egs_certificate', column: 'unit_id', references: 'egs_unit', onDelete: undefined },
  { table: 'egs_step', column: 'unit_id', references: 'egs_unit', onDelete: undefined },
  {
    table: 'connector_mappings',
    column: 'connection_id',
    references: 'connector_connections',
    onDelete: 'CASCADE',
  },
] as const;

/**
 * MariaDB/MySQL only. Those keys were created without an ON UPDATE (and mostly without an ON
 * DELETE) clause, which MariaDB records as RESTRICT; the entities declare NO ACTION (TypeORM's
 * default, what SQLite records). MariaDB enforces the two the same way, but TypeORM compares the
 * words: `migration:generate` or `synchronize` would drop and re-add every one of them. Made
 * again with the entities' words, same names, same behaviour. Nothing to do on SQLite.
 */
export class ForeignKeyActionsAsEntities1763940000000 implements MigrationInterface {
  name = 'ForeignKeyActionsAsEntities1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.remake(queryRunner, (onDelete) => ({
      onDelete: onDelete ?? 'NO ACTION',
      onUpdate: 'NO ACTION',
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.remake(queryRunner, (onDelete) => ({ onDelete }));
  }

  private async remake(
    queryRunner: QueryRunner,
    actions: (onDelete: string | undefined) => { onDelete?: string; onUpdate?: string },
  ): Promise<void> {
    const type = queryRunner.connection.options.type;
    if (type !== 'mysql' && type !== 'mariadb') return;
    for (const key of KEYS) {
      const table = await queryRunner.getTable(key.table);
      const existing = table?.foreignKeys.find(
        (fk) => fk.columnNames.length === 1 && fk.columnNames[0] === key.column,
      );
      if (!table || !existing) throw new Error(`${key.table}: no foreign key on ${key.column}`);
      await queryRunner.dropForeignKey(table, existing);
      await queryRunner.createForeignKey(
        table,
        new TableForeignKey({
          name: existing.name,
          columnNames: [key.column],
          referencedTableName: key.references,
          referencedColumnNames: ['id'],
          ...actions(key.onDelete),
        }),
      );
    }
  }
}
