import type { DataSource } from 'typeorm';
import { runPendingMigrations } from '../../../src/database/migrations';
import { ConnectorWebhookTokenSealed1763910000000 } from '../../../src/database/migrations/1763910000000-ConnectorWebhookTokenSealed';
import { backends, type TestDatabase } from '../../support/database';

/** The connectors' own migrations keep what is stored, both ways, on both back ends. */
describe.each(backends)('connector migrations on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    db = await backend.create();
    ds = await db.connect();
    await runPendingMigrations(ds);
  });
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
});
