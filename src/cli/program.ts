import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { commands } from './commands';

/** Builds the `zatca` command tree; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const program = new Command('zatca')
    .description('ZATCA e-invoicing (Fatoora, Phase 2): sign, validate, clear and report invoices')
    .version(version)
    .showHelpAfterError();
  for (const register of commands) register(program);
  return program;
}
