/**
 * A queue worker in its own process for the load and kill tests: the real PipelineModule with
 * the worker loop, on the test database, with the CSID credentials the test process onboarded
 * (passed in PIPELINE_TEST_UNITS; workers submit stored bytes, they never sign).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuditModule } from '../../../src/audit/audit.module';
import { AppConfigModule } from '../../../src/config/app-config.module';
import { loadConfig } from '../../../src/config/load-config';
import { DatabaseModule } from '../../../src/database/database.module';
import type { EgsSigningContext, EgsSigningProvider } from '../../../src/egs/egs-signing-context';
import type { PipelineConfig } from '../../../src/pipeline/pipeline-config';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';

const units = JSON.parse(process.env.PIPELINE_TEST_UNITS ?? '{}') as Record<
  string,
  Omit<EgsSigningContext, 'credentials' | 'notBefore' | 'notAfter'> & { notAfter: string }
>;
const provider: EgsSigningProvider = {
  signingContext: (unitId) => {
    const u = units[unitId];
    return Promise.resolve({
      ...u,
      notBefore: new Date(0),
      notAfter: new Date(u.notAfter),
    } as unknown as EgsSigningContext);
  },
};
const pipelineConfig = JSON.parse(process.env.PIPELINE_TEST_CONFIG ?? '{}') as PipelineConfig;
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: process.env.DATABASE_URL,
  DB_MIGRATIONS: 'auto',
  SIMULATOR: 'off',
});

@Module({
  imports: [
    AppConfigModule.forRoot(config),
    DatabaseModule,
    AuditModule,
    PipelineModule.forRoot({
      config: pipelineConfig,
      runWorker: true,
      http: false,
      egsProvider: provider,
    }),
  ],
})
class WorkerTestModule {}

void NestFactory.createApplicationContext(WorkerTestModule, { logger: false }).then((app) => {
  app.enableShutdownHooks();
  process.stdout.write('worker ready\n');
});
