import type { DataSource } from 'typeorm';
import { migrationStatus, runPendingMigrations } from '../../../src/database/migrations';
import { ConnectorWebhookTokenSealed1763910000000 } from '../../../src/database/migrations/1763910000000-ConnectorWebhookTokenSealed';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

/** The connectors' own migrations keep what is stored, both ways, on both back ends. */
describe.each(backends)('connector migrations on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => ({ db, ds } = await migratedDatabase(backend)));
  afterEach(() => db?.drop());

  const now = '2026-11-21T10:00:00.000Z';
  async function seed(): Promise<void> {
    await ds.query(
      'INSERT INTO connector_connections (id, kind, name, settings_json, sealed_secret, webhook_token_hash, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ['odoo-main', 'odoo', 'Odoo', '{}', 'sealed', 'a'.repeat(64), 'active', now, now],
    );
    await ds.query(
      'INSERT INTO connector_mappings (connection_id, kind, erp_key, value_json, updated_at) VALUES (?, ?, ?, ?, ?)',
      ['odoo-main', 'unit', 'journal:1', '{"unitId":"u1"}', now],
    );
  }

  async function run(direction: 'up' | 'down'): Promise<void> {
    // As TypeORM runs a migration (foreign keys off on SQLite around it).
    const queryRunner = ds.createQueryRunner();
    try {
      await queryRunner.beforeMigration();
      await new ConnectorWebhookTokenSealed1763910000000()[direction](queryRunner);
      await queryRunner.afterMigration();
    } finally {
      await queryRunner.release();
    }
  }

  const columns = async () =>
    (await ds.createQueryRunner().getTable('connector_connections'))!.columns.map((c) => c.name);

  it('ConnectorWebhookTokenSealed adds a nullable sealed_webhook_token and drops it, keeping the rows', async () => {
    await seed();
    expect(await columns()).toContain('sealed_webhook_token');
    const [row] = await ds.query<{ sealed_webhook_token: string | null }[]>(
      'SELECT sealed_webhook_token FROM connector_connections',
    );
    expect(row.sealed_webhook_token).toBeNull();

    await run('down');
    expect(await columns()).not.toContain('sealed_webhook_token');
    // Connections and their mappings (foreign key, ON DELETE CASCADE) are all still there.
    expect(await ds.query('SELECT id, state FROM connector_connections')).toEqual([
      { id: 'odoo-main', state: 'active' },
    ]);
    expect(await ds.query('SELECT erp_key FROM connector_mappings')).toEqual([
      { erp_key: 'journal:1' },
    ]);

    await run('up');
    expect(await columns()).toContain('sealed_webhook_token');
    expect(await ds.query('SELECT COUNT(*) AS n FROM connector_mappings')).toEqual([
      { n: backend.name === 'sqlite' ? 1 : '1' },
    ]);
  });

  const retryIndex = async () => {
    const queryRunner = ds.createQueryRunner();
    try {
      const table = await queryRunner.getTable('connector_records');
      return table!.indices.find((i) => i.name === 'ix_connector_records_retry');
    } finally {
      await queryRunner.release();
    }
  };

  it('ConnectorRecordsRetryIndex adds the index of the records to retry; reverting it drops it', async () => {
    await seed();
    await ds.query(
      'INSERT INTO connector_records (connection_id, record_id, state, updated_at) VALUES (?, ?, ?, ?)',
      ['odoo-main', 'account.move:7', 'ingest-failed', now],
    );
    const NAME = 'ConnectorRecordsRetryIndex1763920000000';
    const applied = async () =>
      (await migrationStatus(ds)).some((m) => m.name === NAME && m.state === 'applied');
    expect(await applied()).toBe(true);
    // The columns of RecordsService.failedToRetry: its equalities, then its ORDER BY.
    expect((await retryIndex())?.columnNames).toEqual([
      'connection_id',
      'state',
      'invoice_uuid',
      'updated_at',
      'record_id',
    ]);

    // Later migrations, if any, are reverted first: TypeORM reverts the last one each time.
    while (await applied()) await ds.undoLastMigration({ transaction: 'each' });
    expect(await retryIndex()).toBeUndefined();
    expect(await ds.query('SELECT record_id, state FROM connector_records')).toEqual([
      { record_id: 'account.move:7', state: 'ingest-failed' },
    ]);

    expect((await runPendingMigrations(ds))[0]).toBe(NAME);
    expect((await retryIndex())?.columnNames).toHaveLength(5);
  });

  it('connector_records as migrated is what its entity declares (columns and indexes)', async () => {
    // What synchronize would change to match the entities; other tables are out of scope here.
    const { upQueries } = await ds.driver.createSchemaBuilder().log();
    expect(upQueries.map((q) => q.query).filter((sql) => /connector_records/.test(sql))).toEqual(
      [],
    );
  });
});
