import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { AppDataSource } from '../../src/database/app-data-source';
import type { AppConfig } from '../../src/config/app-config';
import { maskDatabaseUrl } from '../../src/config/database-url';
import { loadConfig } from '../../src/config/load-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runPendingMigrations } from '../../src/database/migrations';

/**
 * Integration tests run every database test on both back ends:
 *
 *   describe.each(backends)('... on $name', (backend) => {
 *     let db: TestDatabase;
 *     beforeEach(async () => (db = await backend.create()));
 *     afterEach(() => db?.drop()); // db is unset if create() failed
 *   });
 *
 * SQLite gets a file in a fresh temp folder. MariaDB gets a database `zatca_test_<pid>_<random>`
 * on the server of TEST_MARIADB_URL (default mysql://root@127.0.0.1:3306), created here and
 * dropped by drop(). If that server is unreachable the MariaDB tests fail; they never skip.
 */
export interface TestBackend {
  readonly name: 'sqlite' | 'mariadb';
  create(): Promise<TestDatabase>;
}

export interface TestDatabase {
  /** DATABASE_URL of this database. */
  readonly url: string;
  /**
   * The environment of an app on this database: port 0, silent logs, DB_MIGRATIONS=auto, no
   * built-in simulator, a master key of its own.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The app config of `env`. */
  readonly config: AppConfig;
  /** A new initialised DataSource (not migrated); drop() destroys it. */
  connect(): Promise<DataSource>;
  /** Closes every DataSource from connect() and deletes the database. */
  drop(): Promise<void>;
}

export const MARIADB_ADMIN_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

const sqlite: TestBackend = {
  name: 'sqlite',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'zatca-test-'));
    return Promise.resolve(
      testDatabase(`sqlite:${join(dir, 'zatca.sqlite')}`, () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      }),
    );
  },
};

const mariadb: TestBackend = {
  name: 'mariadb',
  async create() {
    const name = `zatca_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await adminConnection();
    try {
      await dropDatabasesOfDeadRuns(admin);
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    } finally {
      await admin.end();
    }
    // The server is MariaDB: use the `mariadb://` scheme so TypeORM applies its MariaDB dialect.
    const url = new URL(MARIADB_ADMIN_URL.replace(/^mysql:/, 'mariadb:'));
    url.pathname = `/${name}`;
    return testDatabase(url.toString(), async () => {
      const again = await adminConnection();
      try {
        await again.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await again.end();
      }
    });
  },
};

export const backends: readonly TestBackend[] = [sqlite, mariadb];

/**
 * A new database of `backend` with every migration applied, and a DataSource on it:
 *   beforeEach(async () => ({ db, ds } = await migratedDatabase(backend)));
 *   afterEach(() => db?.drop());
 */
export async function migratedDatabase(
  backend: TestBackend,
): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await backend.create();
  try {
    const ds = await db.connect();
    await runPendingMigrations(ds);
    return { db, ds };
  } catch (err) {
    await db.drop(); // the caller's afterEach never sees this database
    throw err;
  }
}

function testDatabase(url: string, deleteDatabase: () => Promise<void>): TestDatabase {
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DB_MIGRATIONS: 'auto',
    // Tests that want the built-in Fatoora simulator turn it on themselves.
    SIMULATOR: 'off',
    // A key of its own, so no test writes ./data/master.key into the working tree.
    ZATCA_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const config = loadConfig(env);
  const opened: DataSource[] = [];
  return {
    url,
    env,
    config,
    async connect() {
      const dataSource = new AppDataSource(dataSourceOptions(config.database));
      opened.push(dataSource);
      return dataSource.initialize();
    },
    async drop() {
      for (const dataSource of opened) {
        if (dataSource.isInitialized) await dataSource.destroy();
      }
      await deleteDatabase();
    },
  };
}

async function adminConnection(): Promise<Connection> {
  try {
    return await createConnection({ uri: MARIADB_ADMIN_URL, connectTimeout: 5000 });
  } catch (err) {
    const { message, code } = err as { message?: string; code?: string };
    const reason = message || code || String(err);
    throw new Error(
      `MariaDB for the integration tests is unreachable at ${maskDatabaseUrl(MARIADB_ADMIN_URL)} ` +
        `(${reason}). Start it (start-stop-daemon --start --oknodo --background ` +
        `--exec /usr/sbin/mariadbd) or point TEST_MARIADB_URL at a server.`,
    );
  }
}

/** Test databases left by runs that were killed before their afterEach (pid no longer alive). */
async function dropDatabasesOfDeadRuns(admin: Connection): Promise<void> {
  const [rows] = await admin.query("SHOW DATABASES LIKE 'zatca\\_test\\_%'");
  for (const row of rows as Record<string, string>[]) {
    const name = Object.values(row)[0];
    const pid = Number(/^zatca_test_(\d+)_/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
