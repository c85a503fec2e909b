import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root';
import { assertBuilt, runCli } from './run-cli';

// Every migration in the source tree, by TypeORM's name (class name = name + timestamp), in
// order: `1763700000000-CreateInstance.ts` -> `CreateInstance1763700000000`.
const migrations = readdirSync(join(projectRoot, 'src/database/migrations'))
  .filter((file) => /^\d+-\w+\.ts$/.test(file))
  .sort()
  .map((file) => {
    const [, timestamp, name] = /^(\d+)-(\w+)\.ts$/.exec(file)!;
    return `${name}${timestamp}`;
  });

describe('zatca db (built CLI)', () => {
  let cwd: string;

  beforeAll(assertBuilt);
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'zatca-db-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('status, migrate, status: pending, then applied with an installation id', async () => {
    const env = { DATABASE_URL: 'sqlite:state/zatca.sqlite' };
    const before = await runCli(['db', 'status'], { cwd, env });
    expect(before.code).toBe(0);
    expect(migrations[0]).toBe('CreateInstance1763700000000');
    expect(before.stdout).toBe(
      'database: sqlite:state/zatca.sqlite\n' +
        migrations.map((m) => `pending  ${m}\n`).join('') +
        `${migrations.length} pending: run \`zatca db migrate\`\n`,
    );

    const migrate = await runCli(['db', 'migrate'], { cwd, env });
    expect(migrate).toMatchObject({ code: 0, stderr: '' });
    expect(migrate.stdout).toBe(
      'database: sqlite:state/zatca.sqlite\n' + migrations.map((m) => `applied ${m}\n`).join(''),
    );

    const again = await runCli(['db', 'migrate'], { cwd, env });
    expect(again.stdout).toContain('no pending migrations');

    const after = await runCli(['db', 'status', '--json'], { cwd, env });
    const { installationId, ...status } = JSON.parse(after.stdout) as Record<string, unknown>;
    expect(installationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(status).toEqual({
      database: 'sqlite:state/zatca.sqlite',
      migrations: migrations.map((name) => ({ name, state: 'applied' })),
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
