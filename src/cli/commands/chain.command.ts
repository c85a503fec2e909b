import { InvalidArgumentError, type Command } from 'commander';
import { verifyChains } from '../../chain/chain-verifier';
import type { RegisterCommand } from './index';
import { withAppDatabase } from './with-database';

const out = (line: string) => process.stdout.write(`${line}\n`);

export const registerChainCommand: RegisterCommand = (program: Command) => {
  const chain = program.command('chain').description('the per-unit invoice chains (ICV, PIH)');
  chain
    .command('verify')
    .description(
      'recompute every hash; check ICV continuity, PIH links, signatures, certificate validity at signing; exit 1 on any problem',
    )
    .option('--egs <unitId>', 'only this EGS unit')
    .option('--last <n>', 'only the last N documents of each unit', (v) => {
      if (!/^\d+$/.test(v) || Number(v) < 1)
        throw new InvalidArgumentError('a positive whole number');
      return Number(v);
    })
    .option('--json', 'print a JSON object')
    .action((options: { egs?: string; last?: number; json?: boolean }) =>
      withAppDatabase(async (dataSource) => {
        const result = await verifyChains(dataSource, { unitId: options.egs, last: options.last });
        if (options.json) out(JSON.stringify(result));
        else {
          for (const u of result.units)
            out(
              `unit ${u.unitId}: ${u.checked} documents checked (ICV ${u.firstIcv}..${u.lastIcv})`,
            );
          for (const p of result.problems)
            out(`BROKEN unit ${p.unitId} ICV ${p.icv}: ${p.kind}: ${p.detail}`);
          out(result.ok ? 'OK' : `FAILED: ${result.problems.length} problems`);
        }
        if (!result.ok) process.exitCode = 1;
      }),
    );
};
