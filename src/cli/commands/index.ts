import type { Command } from 'commander';
import { registerAuditCommand } from './audit.command';
import { registerChainCommand } from './chain.command';
import { registerCsrCommand } from './csr.command';
import { registerDbCommand } from './db.command';
import { registerEgsCommand } from './egs.command';
import { registerHashCommand } from './hash.command';
import { registerQrCommand } from './qr.command';
import { registerQueueCommand } from './queue.command';
import { registerRenderCommand } from './render.command';
import { registerRequestCommand } from './request.command';
import { registerRulesCommand } from './rules.command';
import { registerSecretsCommand } from './secrets.command';
import { registerServeCommand } from './serve.command';
import { registerSignCommand } from './sign.command';
import { registerSimulatorCommand } from './simulator.command';
import { registerValidateCommand } from './validate.command';
import { registerWorkerCommand } from './worker.command';

/** A CLI command module adds its command (with --help text) to the program. */
export type RegisterCommand = (program: Command) => void;

// Each command registers itself here; order is the order shown by `zatca --help`.
export const commands: RegisterCommand[] = [
  registerServeCommand,
  registerDbCommand,
  registerEgsCommand,
  registerCsrCommand,
  registerValidateCommand,
  registerRulesCommand,
  registerHashCommand,
  registerRenderCommand,
  registerSignCommand,
  registerQrCommand,
  registerRequestCommand,
  registerSimulatorCommand,
  registerAuditCommand,
  registerWorkerCommand,
  registerQueueCommand,
  registerChainCommand,
  registerSecretsCommand,
];
