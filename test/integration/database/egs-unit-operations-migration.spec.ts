import type { DataSource } from 'typeorm';
import { migrationStatus, runPendingMigrations } from '../../../src/database/migrations';
import { EgsUnitOperations1763930000000 } from '../../../src/database/migrations/1763930000000-EgsUnitOperations';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(30_000);

const NAME = 'EgsUnitOperations1763930000000';

/** The lease table of UnitLocks: created by its migration, dropped by reverting it. */
describe.each(backends)('EgsUnitOperations migration on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => ({ db, ds } = await migratedDatabase(backend)));
  afterEach(() => db?.drop());

  async function table() {
    const queryRunner = ds.createQueryRunner();
    try {
      return await queryRunner.getTable('egs_unit_operations');
    } finally {
      await queryRunner.release();
    }
  }

  /** As TypeORM runs a migration (foreign keys off on SQLite around it). */
  async function run(direction: 'up' | 'down'): Promise<void> {
    const queryRunner = ds.createQueryRunner();
    try {
      await queryRunner.beforeMigration();
      await new EgsUnitOperations1763930000000()[direction](queryRunner);
      await queryRunner.afterMigration();
    } finally {
      await queryRunner.release();
    }
  }

  it('creates egs_unit_operations keyed by unit, and reverting it drops the table', async () => {
    expect(await migrationStatus(ds)).toContainEqual({ name: NAME, state: 'applied' });
    const created = await table();
    expect(created?.columns.map((c) => c.name).sort()).toEqual(
      ['expires_at', 'operation', 'owner', 'started_at', 'token', 'unit_id'].sort(),
    );
    expect(created?.primaryColumns.map((c) => c.name)).toEqual(['unit_id']);

    await run('down');
    expect(await table()).toBeUndefined();
    await run('up');
    expect(await table()).toBeDefined();
  });

  it('is gone after reverting the migrations down to it, and back after migrating again', async () => {
    const applied = async () =>
      (await migrationStatus(ds)).some((m) => m.name === NAME && m.state === 'applied');
    // Newer migrations, if any, are reverted first: TypeORM reverts the last one each time.
    while (await applied()) await ds.undoLastMigration();
    expect(await table()).toBeUndefined();
    expect(await runPendingMigrations(ds)).toContain(NAME);
    expect(await table()).toBeDefined();
  });
});
