import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditModule } from '../../src/audit/audit.module';
import type { AppConfig } from '../../src/config/app-config';
import { AppConfigModule } from '../../src/config/app-config.module';
import { loadConfig } from '../../src/config/load-config';
import { DatabaseModule } from '../../src/database/database.module';
import { runPendingMigrations } from '../../src/database/migrations';
import { EgsCoreModule } from '../../src/egs/egs-core.module';
import type { PipelineConfig } from '../../src/pipeline/pipeline-config';
import { PipelineModule } from '../../src/pipeline/pipeline.module';
import { runCli, type CliResult } from '../integration/cli/run-cli';
import type { TestDatabase } from './database';
import { egsAddArgs } from './egs-add-args';

/**
 * A test database shared by this process and `zatca` child processes: one master key, the
 * same DATABASE_URL, and an environment for the children that holds only what they need.
 */
export interface CliPipeline {
  appConfig: AppConfig;
  /** The environment of every `zatca` child (add pipeline variables per call). */
  env: Record<string, string>;
  cwd: string;
  archiveDir: string;
  zatca(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
}

export async function cliPipeline(db: TestDatabase): Promise<CliPipeline> {
  const cwd = mkdtempSync(join(tmpdir(), 'zatca-cli-'));
  const archiveDir = join(cwd, 'archive');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    DB_MIGRATIONS: 'auto',
    SIMULATOR: 'off',
    ZATCA_MASTER_KEY: randomBytes(32).toString('base64'),
    ARCHIVE_DIR: archiveDir,
  };
  const appConfig = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
  const ds = await db.connect();
  await runPendingMigrations(ds);
  return {
    appConfig,
    env,
    cwd,
    archiveDir,
    zatca: (args, extraEnv = {}) => runCli(args, { cwd, env: { ...env, ...extraEnv } }),
  };
}

/** Company, unit and onboarding through `zatca egs` processes; returns the unit's id and name. */
export async function onboardWithCli(
  cli: CliPipeline,
  fatooraHost: string,
  name: string,
): Promise<{ id: string; name: string }> {
  const file = join(cli.cwd, 'company.json');
  writeFileSync(
    file,
    JSON.stringify({
      vatNumber: '399999999900003',
      otherId: { scheme: 'CRN', value: '1010010000' },
      nameAr: 'شركة توريد التكنولوجيا المحدودة',
      nameEn: 'Maximum Speed Tech Supply LTD',
      address: {
        street: 'Prince Sultan',
        buildingNumber: '2322',
        district: 'Al-Murabba',
        city: 'Riyadh',
        postalZone: '23333',
        country: 'SA',
      },
    }),
  );
  const company = ok(await cli.zatca(['egs', 'company', 'add', '--file', file, '--json']));
  const { id: companyId } = JSON.parse(company) as { id: string };
  const unit = ok(
    await cli.zatca(egsAddArgs(companyId, name, `1-ZatcaBridge|2-1.0|3-${name}`, fatooraHost)),
  );
  const { id } = JSON.parse(unit) as { id: string };
  ok(await cli.zatca(['egs', 'onboard', name, '--otp', '123345']));
  return { id, name };
}

/** The pipeline in this process on the CLI's database, signing with the EGS module's keys. */
export async function startEgsPipelineApp(
  cli: CliPipeline,
  config: PipelineConfig,
  runWorker: boolean,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(cli.appConfig),
      DatabaseModule,
      AuditModule,
      PipelineModule.forRoot({ config, runWorker, http: false, imports: [EgsCoreModule] }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** stdout of a command that must succeed; its stderr in the error otherwise. */
export function ok(result: CliResult): string {
  if (result.code !== 0) {
    throw new Error(`zatca exited ${result.code ?? result.signal}: ${result.stderr}`);
  }
  return result.stdout;
}
