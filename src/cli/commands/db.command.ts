import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { InstanceRepository } from '../../database/instance/instance.repository';
import { migrationStatus, runPendingMigrations } from '../../database/migrations';
import type { RegisterCommand } from './index';
import { withAppDatabase } from './with-database';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The installation id, if the migration that creates it has run. */
async function installationId(dataSource: DataSource): Promise<string | null> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    if (!(await queryRunner.hasTable('instance'))) return null;
  } finally {
    await queryRunner.release();
  }
  return (await new InstanceRepository(dataSource).find())?.installationId ?? null;
}

export const registerDbCommand: RegisterCommand = (program: Command) => {
  const db = program
    .command('db')
    .description('database schema: apply migrations, show their status')
    .addHelpText('after', '\nThe database is the one of DATABASE_URL (environment or ./.env).');

  db.command('migrate')
    .description('apply the pending migrations, one transaction each, and list what ran')
    .action(() =>
      withAppDatabase(async (dataSource, displayUrl) => {
        out(`database: ${displayUrl}`);
        const ran = await runPendingMigrations(dataSource);
        if (ran.length === 0) out('no pending migrations; the schema is current');
        for (const name of ran) out(`applied ${name}`);
      }),
    );

  db.command('status')
    .description('list migrations as applied or pending (exit code 0 either way)')
    .option('--json', 'print a JSON object instead of text')
    .action((options: { json?: boolean }) =>
      withAppDatabase(async (dataSource, displayUrl) => {
        const migrations = await migrationStatus(dataSource);
        const id = await installationId(dataSource);
        if (options.json) {
          out(JSON.stringify({ database: displayUrl, installationId: id, migrations }));
          return;
        }
        out(`database: ${displayUrl}`);
        for (const m of migrations) out(`${m.state.padEnd(8)} ${m.name}`);
        const pending = migrations.filter((m) => m.state === 'pending').length;
        out(pending === 0 ? 'schema is current' : `${pending} pending: run \`zatca db migrate\``);
        if (id) out(`installation id: ${id}`);
      }),
    );
};
