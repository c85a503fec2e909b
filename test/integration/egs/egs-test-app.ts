import type { INestApplication, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditModule } from '../../../src/audit/audit.module';
import type { AppConfig } from '../../../src/config/app-config';
import { AppConfigModule } from '../../../src/config/app-config.module';
import { loadConfig } from '../../../src/config/load-config';
import { DatabaseModule } from '../../../src/database/database.module';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { EgsModule } from '../../../src/egs/egs.module';
import { configureApp } from '../../../src/http/create-app';
import { LoggingModule } from '../../../src/logging/logging.module';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import type { SimulatorModuleOptions } from '../../../src/simulator/simulator.module';
import type { TestDatabase } from '../../support/database';

export const ONBOARDING_OTP = '123345';
export const RENEWAL_OTP = '123456';

/** A fresh master key, base64, as ZATCA_MASTER_KEY takes it. */
export const newMasterKey = (): string => randomBytes(32).toString('base64');

/** The test database's config with a master key and renewal settings of the test's choosing. */
export function egsConfig(db: TestDatabase, env: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...db.env, ZATCA_MASTER_KEY: newMasterKey(), ...env });
}

/** The host's EGS module (HTTP + services) on the test database, migrated, plus `providers`. */
export async function startEgsApp(
  config: AppConfig,
  providers: Provider[] = [],
): Promise<INestApplication> {
  await prepareDatabase(config);
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(config),
      LoggingModule,
      DatabaseModule,
      AuditModule,
      EgsModule,
    ],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.init();
  return app;
}

/** The Fatoora simulator in-process, on an ephemeral port, with its own state folder. */
export async function startTestSimulator(
  options: SimulatorModuleOptions = {},
): Promise<RunningSimulator & { dispose(): Promise<void> }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'zatca-egs-sim-'));
  const running = await startSimulator({ port: 0, stateDir, quiet: true, ...options });
  return {
    ...running,
    async dispose() {
      await running.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A valid company body; `overrides` replace top-level fields. */
export function companyBody(overrides: Record<string, unknown> = {}) {
  return {
    vatNumber: '399999999900003',
    otherId: { scheme: 'CRN', value: '1010010000' },
    nameAr: 'شركة توريد التكنولوجيا المحدودة',
    nameEn: 'Maximum Speed Tech Supply LTD',
    address: {
      street: 'Prince Sultan | الامير سلطان',
      buildingNumber: '2322',
      additionalNumber: '1234',
      district: 'Al-Murabba | المربع',
      city: 'Riyadh | الرياض',
      postalZone: '23333',
      province: 'Riyadh Region',
      country: 'SA',
    },
    ...overrides,
  };
}

/** A valid unit body for `companyId`, talking to the simulator at `fatooraHost`. */
export function unitBody(
  companyId: string,
  fatooraHost: string,
  invoiceTypes: string[],
  overrides: Record<string, unknown> = {},
) {
  counter += 1;
  return {
    companyId,
    name: `pos-${process.pid}-${counter}`,
    serialNumber: `1-ZatcaBridge|2-1.0|3-POS-${counter}`,
    branchName: 'Riyadh Branch',
    locationAddress: 'RRRD2929',
    businessCategory: 'Retail',
    invoiceTypes,
    environment: 'sandbox',
    fatooraHost,
    ...overrides,
  };
}

/**
 * A company and a unit created through the HTTP API and onboarded against the simulator at
 * `fatooraHost`, each step expected to succeed: the unit's id and name.
 */
export async function onboardOverHttp(
  app: INestApplication,
  fatooraHost: string,
  invoiceTypes: string[],
): Promise<{ id: string; name: string }> {
  const http = () => request(app.getHttpServer() as Parameters<typeof request>[0]);
  const company = await http().post('/egs/companies').send(companyBody()).expect(201);
  const unit = await http()
    .post('/egs/units')
    .send(unitBody((company.body as { id: string }).id, fatooraHost, invoiceTypes))
    .expect(201);
  const { id, name } = unit.body as { id: string; name: string };
  await http().post(`/egs/units/${id}/onboard`).send({ otp: ONBOARDING_OTP }).expect(200);
  return { id, name };
}
