import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli } from './run-cli';

// Real databases and child processes on a shared machine: Jest's 5 s default is too tight (the
// project-level testTimeout in jest.config.js is not applied by Jest).

describe('zatca db (built CLI)', () => {
  let cwd: string;

  beforeAll(assertBuilt);
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'zatca-db-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('status, migrate, status: pending, then applied with an installation id', async () => {
    const env = { DATABASE_URL: 'sqlite:state/zatca.sqlite' };
    const before = await runCli(['db', 'status'], { cwd, env });
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(
      'database: sqlite:state/zatca.sqlite\n' +
        'pending  CreateInstance1763700000000\n' +
        '1 pending: run `zatca db migrate`\n',
    );

    const migrate = await runCli(['db', 'migrate'], { cwd, env });
    expect(migrate).toMatchObject({ code: 0, stderr: '' });
    expect(migrate.stdout).toBe(
      'database: sqlite:state/zatca.sqlite\napplied CreateInstance1763700000000\n',
    );

    const again = await runCli(['db', 'migrate'], { cwd, env });
    expect(again.stdout).toContain('no pending migrations');

    const after = await runCli(['db', 'status', '--json'], { cwd, env });
    const { installationId, ...status } = JSON.parse(after.stdout) as Record<string, unknown>;
    expect(installationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(status).toEqual({
      database: 'sqlite:state/zatca.sqlite',
      migrations: [{ name: 'CreateInstance1763700000000', state: 'applied' }],
    });
  });

  it('fails on one line when DATABASE_URL is wrong', async () => {
    const result = await runCli(['db', 'migrate'], { cwd, env: { DATABASE_URL: 'sqlite:' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zatca: DATABASE_URL: [^\n]*\n$/);
  });

  it.each(['serve', 'db', 'db migrate', 'db status'])(
    '`zatca %s --help` describes the command',
    async (command) => {
      const result = await runCli([...command.split(' '), '--help'], { cwd });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: zatca ${command} `));
    },
  );
});
