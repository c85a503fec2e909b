import type { DataSource } from 'typeorm';
import { InstanceRepository } from '../../../src/database/instance/instance.repository';
import { runPendingMigrations } from '../../../src/database/migrations';
import { backends, type TestDatabase } from '../../support/database';

// Real databases and child processes on a shared machine: Jest's 5 s default is too tight (the
// project-level testTimeout in jest.config.js is not applied by Jest).

describe.each(backends)('InstanceRepository on $name', (backend) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let instances: InstanceRepository;

  beforeEach(async () => {
    db = await backend.create();
    dataSource = await db.connect();
    await runPendingMigrations(dataSource);
    instances = new InstanceRepository(dataSource);
  });
  afterEach(() => db?.drop());

  it('finds the row the migration created, with its creation time in UTC', async () => {
    const instance = await instances.find();
    expect(instance).not.toBeNull();
    expect(instance!.id).toBe(1);
    expect(instance!.installationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    expect(instance!.createdAt).toBeInstanceOf(Date);
    // Written as UTC by the migration a moment ago: read back as the same instant.
    expect(Math.abs(Date.now() - instance!.createdAt.getTime())).toBeLessThan(60_000);
  });

  it('ensure() returns the existing row and never changes the installation id', async () => {
    const before = await instances.find();
    const ensured = await instances.ensure();
    expect(ensured.installationId).toBe(before!.installationId);
    expect(await dataSource.query('SELECT id FROM instance')).toHaveLength(1);
  });

  it('ensure() recreates a deleted row, once, even when called concurrently', async () => {
    const old = (await instances.find())!.installationId;
    await dataSource.query('DELETE FROM instance');
    const results = await Promise.all([instances.ensure(), instances.ensure(), instances.ensure()]);
    const ids = new Set(results.map((r) => r.installationId));
    expect(ids.size).toBe(1);
    expect(ids.has(old)).toBe(false);
    expect(await dataSource.query('SELECT id FROM instance')).toHaveLength(1);
    // A time written through the entity reads back as the same instant on both back ends.
    expect(Math.abs(Date.now() - results[0].createdAt.getTime())).toBeLessThan(60_000);
  });
});

describe.each(backends)('connection settings on $name', (backend) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = await backend.create();
    dataSource = await db.connect();
  });
  afterEach(() => db?.drop());

  it('enforces foreign keys', async () => {
    await dataSource.query('CREATE TABLE parent_t (id INTEGER PRIMARY KEY)');
    await dataSource.query(
      'CREATE TABLE child_t (id INTEGER PRIMARY KEY, parent_id INTEGER, ' +
        'FOREIGN KEY (parent_id) REFERENCES parent_t (id))',
    );
    await expect(
      dataSource.query('INSERT INTO child_t (id, parent_id) VALUES (1, 42)'),
    ).rejects.toThrow(/foreign key/i);
  });

  it('stores Arabic text and 4-byte characters unchanged', async () => {
    await dataSource.query('CREATE TABLE text_t (id INTEGER PRIMARY KEY, name VARCHAR(100))');
    const name = 'شركة الاختبار المحدودة 🧾';
    await dataSource.query('INSERT INTO text_t (id, name) VALUES (1, ?)', [name]);
    expect(await dataSource.query('SELECT name FROM text_t')).toEqual([{ name }]);
  });
});

describe('SQLite connection settings', () => {
  it('uses WAL and a busy timeout', async () => {
    const db = await backends.find((b) => b.name === 'sqlite')!.create();
    try {
      const dataSource = await db.connect();
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    } finally {
      await db.drop();
    }
  });
});

describe('MariaDB connection settings', () => {
  it('returns decimals and big integers as exact strings, never floats', async () => {
    const db = await backends.find((b) => b.name === 'mariadb')!.create();
    try {
      const dataSource = await db.connect();
      const rows: unknown = await dataSource.query(
        'SELECT CAST(1234567890123.10 AS DECIMAL(18,2)) AS amount, ' +
          'CAST(9007199254740993 AS SIGNED) AS big',
      );
      expect(rows).toEqual([{ amount: '1234567890123.10', big: '9007199254740993' }]);
    } finally {
      await db.drop();
    }
  });
});
