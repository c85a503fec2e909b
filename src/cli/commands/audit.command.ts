import type { Command } from 'commander';
import { AuditTrail } from '../../audit/audit-trail.service';
import type { RegisterCommand } from './index';
import { withAppDatabase } from './with-database';

const out = (line: string) => process.stdout.write(`${line}\n`);

export const registerAuditCommand: RegisterCommand = (program: Command) => {
  const audit = program
    .command('audit')
    .description('the append-only, hash-chained audit trail')
    .addHelpText('after', '\nThe database is the one of DATABASE_URL (environment or ./.env).');

  audit
    .command('verify')
    .description(
      'check every stream: seq continuity, prev-hash links, recomputed hashes, stream heads; exit 1 on any problem',
    )
    .option('--json', 'print a JSON object instead of text')
    .action((options: { json?: boolean }) =>
      withAppDatabase(async (dataSource, displayUrl) => {
        const result = await new AuditTrail(dataSource).verify();
        if (options.json) {
          out(JSON.stringify(result));
        } else {
          out(`database: ${displayUrl}`);
          for (const p of result.problems) {
            out(
              `BROKEN ${p.stream} seq ${p.seq}${p.id ? ` (id ${p.id})` : ''}: ${p.kind}: ${p.detail}`,
            );
          }
          out(
            `${result.ok ? 'OK' : 'FAILED'}: ${result.entries} entries in ${result.streams} streams, ` +
              `${result.problems.length} problems`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      }),
    );
};
