import { InvalidArgumentError, type Command } from 'commander';
import { verifyChains } from '../../chain/chain-verifier';
import type { DataSource } from 'typeorm';
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
    .option('--egs <unit>', 'only this EGS unit (id or name)')
    .option('--last <n>', 'only the last N documents of each unit', (v) => {
      if (!/^\d+$/.test(v) || Number(v) < 1)
        throw new InvalidArgumentError('a positive whole number');
      return Number(v);
    })
    .option('--json', 'print a JSON object')
    .action((options: { egs?: string; last?: number; json?: boolean }) =>
      withAppDatabase(async (dataSource) => {
        const unitId = options.egs ? await resolveUnit(dataSource, options.egs) : undefined;
        const result = await verifyChains(dataSource, { unitId, last: options.last });
        if (options.json) out(JSON.stringify(result));
        else {
          if (unitId && result.units.length === 0) out(`unit ${unitId}: no documents yet`);
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

/**
 * The unit's id for `--egs`, given its id or its name (as `zatca egs` names units). A unit
 * that is neither registered nor has a chain is an error: an empty check must not pass for OK.
 */
async function resolveUnit(dataSource: DataSource, egs: string): Promise<string> {
  const units: Array<{ id: string }> = await dataSource.query(
    'SELECT id FROM egs_unit WHERE id = ? OR name = ?',
    [egs, egs],
  );
  if (units.length > 0) return units[0].id;
  const heads: unknown[] = await dataSource.query(
    'SELECT unit_id FROM chain_heads WHERE unit_id = ?',
    [egs],
  );
  if (heads.length > 0) return egs;
  throw new Error(`no EGS unit or invoice chain "${egs}" (zatca egs list shows the units)`);
}
