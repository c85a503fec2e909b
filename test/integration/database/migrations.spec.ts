import type { DataSource } from 'typeorm';
import { migrationStatus, runPendingMigrations } from '../../../src/database/migrations';
import { backends, type TestDatabase } from '../../support/database';

// Real databases and child processes on a shared machine: Jest's 5 s default is too tight (the
// project-level testTimeout in jest.config.js is not applied by Jest).

describe.each(backends)('migrations on $name', (backend) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = await backend.create();
    dataSource = await db.connect();
  });
  afterEach(() => db?.drop());

  it('starts with every migration pending and no instance table', async () => {
    const status = await migrationStatus(dataSource);
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((m) => m.state === 'pending')).toBe(true);
    expect(await hasTable(dataSource, 'instance')).toBe(false);
  });

  it('applies them in order, records them, and a second run does nothing', async () => {
    const ran = await runPendingMigrations(dataSource);
    expect(ran[0]).toBe('CreateInstance1763700000000');
    const status = await migrationStatus(dataSource);
    expect(status.map((m) => m.name)).toEqual(ran);
    expect(status.every((m) => m.state === 'applied')).toBe(true);
    expect(await runPendingMigrations(dataSource)).toEqual([]);
  });

  it('creates the instance table with one row holding a generated installation id', async () => {
    await runPendingMigrations(dataSource);
    const table = await dataSource.createQueryRunner().getTable('instance');
    expect(table?.columns.map((c) => c.name).sort()).toEqual(
      ['created_at', 'id', 'installation_id', 'notes'].sort(),
    );
    const rows: { installation_id: string }[] = await dataSource.query(
      'SELECT installation_id FROM instance',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].installation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reverts every migration and can apply them again', async () => {
    const ran = await runPendingMigrations(dataSource);
    for (let i = 0; i < ran.length; i++) await dataSource.undoLastMigration();
    expect(await hasTable(dataSource, 'instance')).toBe(false);
    expect((await migrationStatus(dataSource)).every((m) => m.state === 'pending')).toBe(true);
    expect(await runPendingMigrations(dataSource)).toEqual(ran);
    expect(await hasTable(dataSource, 'instance')).toBe(true);
  });

  it('reports a migration recorded in the database but unknown to the code', async () => {
    await runPendingMigrations(dataSource);
    await dataSource.query('INSERT INTO migrations (timestamp, name) VALUES (1999999999999, ?)', [
      'FromTheFuture1999999999999',
    ]);
    const status = await migrationStatus(dataSource);
    expect(status.at(-1)).toEqual({ name: 'FromTheFuture1999999999999', state: 'unknown' });
  });
});

async function hasTable(dataSource: DataSource, name: string): Promise<boolean> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return await queryRunner.hasTable(name);
  } finally {
    await queryRunner.release();
  }
}
