import type { Command } from 'commander';
import { loadRulesSet } from '../../core/validation';
import { compiledSefPath } from '../../core/validation/schematron/sef-cache';
import type { RegisterCommand } from './index';

/**
 * `zatca rules compile`: compiles the active rules folder's schematron XSLs to SEF once, ahead of
 * time (about 12 s), so the first validation (in `zatca validate`, or the simulator answering
 * an invoice) does not stall on it. `npm run build` runs it; the result is cached on disk.
 */
export const registerRulesCommand: RegisterCommand = (program: Command) => {
  const rules = program.command('rules').description("ZATCA's validation rule files (rules/)");
  rules
    .command('compile')
    .description('compile the schematron rule files to SEF now (cached; done once per machine)')
    .option('--rules <folder>', 'rules folder (default ZATCA_RULES_DIR or the bundled SDK rules)')
    .action(async (options: { rules?: string }) => {
      const set = loadRulesSet(options.rules);
      for (const xsl of [set.en16931Xsl, set.ksaXsl]) {
        process.stdout.write(`${await compiledSefPath(xsl)}\n`);
      }
    });
};
