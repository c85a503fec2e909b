import type { Command } from 'commander';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AppConfigModule } from '../../config/app-config.module';
import { readEnvironment } from '../../config/environment';
import { loadConfig } from '../../config/load-config';
import { DatabaseModule } from '../../database/database.module';
import { EgsCoreModule } from '../../egs/egs-core.module';
import { PipelineModule } from '../../pipeline/pipeline.module';
import type { RegisterCommand } from './index';

export const registerWorkerCommand: RegisterCommand = (program: Command) => {
  program
    .command('worker')
    .description('run a queue worker (no HTTP): claims due submissions and clears or reports them')
    .addHelpText(
      'after',
      `
Several workers (processes, hosts) can share one MariaDB database: rows are claimed with
SELECT ... FOR UPDATE SKIP LOCKED and leased for QUEUE_LEASE_MS. Settings: WORKER_CONCURRENCY,
QUEUE_LEASE_MS, QUEUE_POLL_MS, QUEUE_RETRY_BASE_MS, QUEUE_RETRY_MAX_MS, FATOORA_TIMEOUT_MS.
SIGTERM/SIGINT: stop claiming, finish the submissions in flight, exit 0.`,
    )
    .action(async () => {
      const config = loadConfig(readEnvironment());
      @Module({
        imports: [
          AppConfigModule.forRoot(config),
          DatabaseModule,
          AuditModule,
          PipelineModule.forRoot({ runWorker: true, http: false, imports: [EgsCoreModule] }),
        ],
      })
      class WorkerModule {}
      const app = await NestFactory.createApplicationContext(WorkerModule, {
        logger: ['error', 'warn', 'log'],
      });
      // Not Nest's shutdown hooks: they re-raise the signal after closing, so the process would
      // end killed by SIGTERM instead of exiting 0 once the submissions in flight are done.
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`zatca worker: ${signal}, finishing the submissions in flight\n`);
        app.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`zatca worker: shutdown failed: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
};
