import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskDatabaseUrl } from '../../../src/config/database-url';
import { readEnvironment } from '../../../src/config/environment';
import { loadConfig, type Environment } from '../../../src/config/load-config';
import { configErrorOf } from './config-error-of';

const CWD = '/srv/zatca';

const errorOf = (env: Environment) => configErrorOf(env, CWD);

describe('loadConfig', () => {
  it('has defaults a newcomer can run with: SQLite under ./data, 127.0.0.1:3000, auto migrations', () => {
    expect(loadConfig({}, CWD)).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      logLevel: 'info',
      database: {
        kind: 'sqlite',
        path: '/srv/zatca/data/zatca.sqlite',
        displayUrl: 'sqlite:./data/zatca.sqlite',
      },
      migrations: 'auto',
      simulator: true,
      masterKey: { kind: 'file', path: '/srv/zatca/data/master.key', createIfMissing: true },
      renewal: { leadDays: 30, alertWebhookUrl: undefined },
      signer: 'secp256k1',
    });
  });

  it('serves the built-in simulator except in production, unless SIMULATOR says otherwise', () => {
    const production = { NODE_ENV: 'production', ZATCA_MASTER_KEY_FILE: '/etc/zatca/master.key' };
    expect(loadConfig(production, CWD).simulator).toBe(false);
    expect(loadConfig({ ...production, SIMULATOR: 'on' }, CWD).simulator).toBe(true);
    expect(loadConfig({ SIMULATOR: 'off' }, CWD).simulator).toBe(false);
    expect(errorOf({ SIMULATOR: 'yes' }).message).toBe('SIMULATOR: expected on or off, got "yes"');
  });

  it('returns a frozen config', () => {
    const config = loadConfig({}, CWD);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }, CWD)).toMatchObject({ port: 3000 });
  });

  it('reads every variable', () => {
    expect(
      loadConfig(
        {
          NODE_ENV: 'production',
          HOST: '0.0.0.0',
          PORT: '8080',
          LOG_LEVEL: 'warn',
          DATABASE_URL: 'sqlite:/var/lib/zatca/zatca.sqlite',
          DB_MIGRATIONS: 'manual',
          SIMULATOR: 'on',
          ZATCA_MASTER_KEY_FILE: 'secrets/master.key',
          RENEWAL_LEAD_DAYS: '45',
          RENEWAL_ALERT_WEBHOOK_URL: 'https://alerts.example.com/zatca',
          ZATCA_SIGNER: 'node',
        },
        CWD,
      ),
    ).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'warn',
      database: {
        kind: 'sqlite',
        path: '/var/lib/zatca/zatca.sqlite',
        displayUrl: 'sqlite:/var/lib/zatca/zatca.sqlite',
      },
      migrations: 'manual',
      simulator: true,
      masterKey: { kind: 'file', path: '/srv/zatca/secrets/master.key', createIfMissing: false },
      renewal: { leadDays: 45, alertWebhookUrl: 'https://alerts.example.com/zatca' },
      signer: 'node',
    });
  });

  it('refuses to start in production without a master key, naming both variables', () => {
    expect(errorOf({ NODE_ENV: 'production' }).message).toBe(
      'ZATCA_MASTER_KEY or ZATCA_MASTER_KEY_FILE: required when NODE_ENV=production ' +
        '(base64 of 32 random bytes: `openssl rand -base64 32`)',
    );
  });

  it('takes ZATCA_MASTER_KEY as base64 of 32 bytes and never echoes a wrong one', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ NODE_ENV: 'production', ZATCA_MASTER_KEY: key }, CWD);
    expect(config.masterKey.kind).toBe('env');
    // The key is in memory but prints as [redacted].
    expect(JSON.stringify(config)).not.toContain(key);
    const bad = errorOf({ ZATCA_MASTER_KEY: 'c2hvcnQta2V5' });
    expect(bad.message).toBe(
      'ZATCA_MASTER_KEY: expected base64 of 32 bytes, got 9 bytes (generate one with `openssl rand -base64 32`)',
    );
    expect(bad.message).not.toContain('c2hvcnQta2V5');
    expect(errorOf({ ZATCA_MASTER_KEY: key, ZATCA_MASTER_KEY_FILE: 'k' }).message).toBe(
      'ZATCA_MASTER_KEY, ZATCA_MASTER_KEY_FILE: set one of them, not both',
    );
  });

  it('checks RENEWAL_LEAD_DAYS and RENEWAL_ALERT_WEBHOOK_URL', () => {
    expect(errorOf({ RENEWAL_LEAD_DAYS: '0' }).message).toBe(
      'RENEWAL_LEAD_DAYS: expected a whole number of days from 1 to 3650, got "0"',
    );
    expect(errorOf({ RENEWAL_ALERT_WEBHOOK_URL: 'ftp://x' }).message).toBe(
      'RENEWAL_ALERT_WEBHOOK_URL: expected an http:// or https:// URL, got "ftp://x"',
    );
  });

  it('takes ZATCA_SIGNER node or secp256k1, and names it when wrong', () => {
    expect(loadConfig({ ZATCA_SIGNER: 'node' }, CWD).signer).toBe('node');
    expect(errorOf({ ZATCA_SIGNER: 'hsm' }).message).toMatch(/^ZATCA_SIGNER: .*secp256k1.*node/);
  });

  it.each([
    ['sqlite:data/x.sqlite', '/srv/zatca/data/x.sqlite'],
    ['sqlite:./x.sqlite', '/srv/zatca/x.sqlite'],
    ['sqlite:/abs/x.sqlite', '/abs/x.sqlite'],
    ['sqlite:///abs/x.sqlite', '/abs/x.sqlite'],
  ])('resolves %s to %s', (url, path) => {
    expect(loadConfig({ DATABASE_URL: url }, CWD).database).toMatchObject({ kind: 'sqlite', path });
  });

  it('parses a MariaDB URL, decoding the password and masking it for display', () => {
    const config = loadConfig(
      { DATABASE_URL: 'mariadb://zatca:p%40ss%3Aw@db.internal:3307/einv' },
      CWD,
    );
    expect(config.database).toEqual({
      kind: 'mariadb',
      host: 'db.internal',
      port: 3307,
      username: 'zatca',
      password: 'p@ss:w',
      database: 'einv',
      displayUrl: 'mariadb://zatca:***@db.internal:3307/einv',
    });
    // A shared server is migrated by its operator, not by whichever host starts first.
    expect(config.migrations).toBe('manual');
  });

  it('defaults the MySQL port to 3306', () => {
    expect(
      loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1/zatca' }, CWD).database,
    ).toMatchObject({ kind: 'mysql', port: 3306, password: '' });
  });

  describe('names the variable and the rule', () => {
    it.each<[Environment, string]>([
      [{ NODE_ENV: 'prod' }, 'NODE_ENV: expected one of development, production, test, got "prod"'],
      [{ HOST: 'my host' }, 'HOST: expected a host name or IP address, got "my host"'],
      [{ PORT: 'http' }, 'PORT: expected an integer from 0 to 65535, got "http"'],
      [{ PORT: '65536' }, 'PORT: expected an integer from 0 to 65535, got "65536"'],
      [{ PORT: '-1' }, 'PORT: expected an integer from 0 to 65535, got "-1"'],
      [{ PORT: '80.5' }, 'PORT: expected an integer from 0 to 65535, got "80.5"'],
      [
        { LOG_LEVEL: 'verbose' },
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      ],
      [{ DB_MIGRATIONS: 'yes' }, 'DB_MIGRATIONS: expected one of auto, manual, got "yes"'],
      [
        { DATABASE_URL: 'postgres://u:secret@h/db' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "postgres://u:***@h/db"',
      ],
      [
        { DATABASE_URL: 'sqlite:' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "sqlite:" (the path is empty)',
      ],
      [
        { DATABASE_URL: 'sqlite::memory:' },
        'DATABASE_URL: in-memory SQLite is not supported (the host and its migrations need a file), got "sqlite::memory:"',
      ],
      [
        { DATABASE_URL: 'mysql://root:pw@127.0.0.1:3306' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "mysql://root:***@127.0.0.1:3306" (the database name is missing or has a "/")',
      ],
      [
        { DATABASE_URL: 'mysql://127.0.0.1/zatca' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "mysql://127.0.0.1/zatca" (the user is missing)',
      ],
      [
        { DATABASE_URL: 'mysql://root:pw@127.0.0.1:99999/zatca' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "mysql://root:***@127.0.0.1:99999/zatca" (not a valid URL)',
      ],
      [
        { DATABASE_URL: 'mysql://root@127.0.0.1/zatca?ssl=true' },
        'DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, got "mysql://root@127.0.0.1/zatca?ssl=true" (query parameters are not supported)',
      ],
    ])('%j', (env, message) => {
      const error = errorOf(env);
      expect(error.message).toBe(message);
      expect(error.problems).toEqual([message]);
      expect(error.message).not.toContain('\n');
    });

    it('lists every bad variable in one message', () => {
      const error = errorOf({ PORT: 'x', DATABASE_URL: 'x', LOG_LEVEL: 'x' });
      expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
      ]);
      expect(error.message).toBe(error.problems.join('; '));
    });
  });
});

describe('maskDatabaseUrl', () => {
  it.each([
    ['mysql://root:secret@h:3306/db', 'mysql://root:***@h:3306/db'],
    ['mysql://root@h/db', 'mysql://root@h/db'],
    ['sqlite:./data/zatca.sqlite', 'sqlite:./data/zatca.sqlite'],
  ])('%s → %s', (url, masked) => expect(maskDatabaseUrl(url)).toBe(masked));
});

describe('readEnvironment', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zatca-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ./.env, and the real environment wins over it', () => {
    writeFileSync(join(dir, '.env'), '# comment\nPORT=4000\nLOG_LEVEL="debug"\n');
    expect(readEnvironment(dir, { PORT: '5000' })).toEqual({ PORT: '5000', LOG_LEVEL: 'debug' });
  });

  it('is the environment alone without a .env file', () => {
    expect(readEnvironment(dir, { PORT: '5000' })).toEqual({ PORT: '5000' });
  });
});
