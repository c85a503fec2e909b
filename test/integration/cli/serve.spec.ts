import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, type TestDatabase } from '../../support/database';
import { assertBuilt, collect, runCli, startCli } from './run-cli';

// Real databases and child processes on a shared machine: Jest's 5 s default is too tight (the
// project-level testTimeout in jest.config.js is not applied by Jest).

describe('zatca serve (built CLI)', () => {
  let cwd: string;

  beforeAll(assertBuilt);
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'zatca-serve-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('rejects an unsupported DATABASE_URL with exactly one line on stderr, exit 1', async () => {
    const result = await runCli(['serve'], {
      cwd,
      env: { DATABASE_URL: 'postgres://app:s3cret@db.example/zatca' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'zatca: DATABASE_URL: expected sqlite:<path> or mysql://user:pass@host:port/db, ' +
        'got "postgres://app:***@db.example/zatca"\n',
    );
    expect(result.stdout).toBe('');
  });

  it('names every bad variable on the same line', async () => {
    const result = await runCli(['serve'], { cwd, env: { PORT: 'eighty', LOG_LEVEL: 'loud' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^zatca: PORT: .*"eighty".*; LOG_LEVEL: .*"loud"$/),
    ]);
  });

  it('reports an unreachable MariaDB on one line naming DATABASE_URL and the host, password masked', async () => {
    const result = await runCli(['serve'], {
      cwd,
      env: { DATABASE_URL: 'mysql://zatca:hunter2@127.0.0.1:1/zatca' },
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^zatca: DATABASE_URL: cannot connect to mysql at 127\.0\.0\.1:1 /);
    expect(lines[0]).toContain('mysql://zatca:***@127.0.0.1:1/zatca');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('reads settings from ./.env, with the real environment winning', async () => {
    writeFileSync(join(cwd, '.env'), 'DATABASE_URL=oracle://x\nPORT=abc\n');
    const result = await runCli(['serve'], { cwd, env: { PORT: '0' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zatca: DATABASE_URL: .*"oracle:\/\/x"\n$/);
  });

  it('starts on the default SQLite file under ./data, answers /health, and stops cleanly on SIGTERM', async () => {
    const child = startCli(['serve', '--port', '0'], { cwd });
    const done = collect(child);
    const url = await listeningUrl(child);

    const health = await fetch(`${url}/health`, {
      headers: { authorization: 'Bearer token-that-must-not-be-logged' },
    });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up', type: 'sqlite' } },
    });
    expect(existsSync(join(cwd, 'data', 'zatca.sqlite'))).toBe(true);

    child.kill('SIGTERM');
    const result = await done;
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    const logs = jsonLines(result.stdout);
    expect(logs.find((l) => l.migration === 'CreateInstance1763700000000')).toBeDefined();
    expect(logs.find((l) => String(l.msg).startsWith('stopping on SIGTERM'))).toBeDefined();
    // The request was logged, without its credentials.
    expect(logs.find((l) => l.msg === 'request completed')).toMatchObject({
      req: { url: '/health', headers: { authorization: '[redacted]' } },
    });
    expect(result.stdout).not.toContain('token-that-must-not-be-logged');
  });
});

describe.each(backends.filter((b) => b.name === 'mariadb'))(
  'zatca serve and db on $name with DB_MIGRATIONS=manual',
  (backend) => {
    let db: TestDatabase;
    let cwd: string;

    beforeAll(assertBuilt);
    beforeEach(async () => {
      db = await backend.create();
      cwd = mkdtempSync(join(tmpdir(), 'zatca-serve-'));
    });
    afterEach(async () => {
      rmSync(cwd, { recursive: true, force: true });
      await db?.drop();
    });

    it('refuses to start with pending migrations, then starts after `zatca db migrate`', async () => {
      const env = { DATABASE_URL: db.url, PORT: '0' };
      const refused = await runCli(['serve'], { cwd, env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^zatca: the database has \d+ pending migration\(s\) \(CreateInstance1763700000000[^)]*\) and DB_MIGRATIONS=manual: run `zatca db migrate` first/,
      );

      const migrated = await runCli(['db', 'migrate'], { cwd, env });
      expect(migrated).toMatchObject({ code: 0, stderr: '' });
      expect(migrated.stdout).toContain('applied CreateInstance1763700000000');

      const child = startCli(['serve'], { cwd, env });
      const done = collect(child);
      const url = await listeningUrl(child);
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toMatchObject({
        info: { database: { status: 'up', type: 'mariadb' } },
      });
      child.kill('SIGINT');
      expect(await done).toMatchObject({ code: 0, signal: null });
    });
  },
);

type LogLine = Record<string, unknown>;

function jsonLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits for the "listening" log line and returns its URL (the port was chosen by the OS). */
function listeningUrl(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    const timer = setTimeout(
      () => reject(new Error(`no "listening" log after 30 s; stdout: ${seen} stderr: ${errors}`)),
      30_000,
    );
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const url = jsonLines(seen.slice(0, seen.lastIndexOf('\n') + 1)).find(
        (l) => typeof l.url === 'string',
      )?.url;
      if (typeof url === 'string') {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`zatca serve exited (${code}) before listening; stderr: ${errors}`));
    });
  });
}
