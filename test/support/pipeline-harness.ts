import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditModule } from '../../src/audit/audit.module';
import { AppConfigModule } from '../../src/config/app-config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { runPendingMigrations } from '../../src/database/migrations';
import type { StageName } from '../../src/core/validation';
import { coreDocumentValidator } from '../../src/simulator/invoices/document-validator';
import { loadPipelineConfig, type PipelineConfig } from '../../src/pipeline/pipeline-config';
import { PipelineModule } from '../../src/pipeline/pipeline.module';
import { projectRoot } from '../../src/project-root';
import { startSimulator, type RunningSimulator } from '../../src/simulator/standalone';
import type { FaultSettings } from '../../src/simulator/faults/fault-settings';
import type { TestDatabase } from './database';
import { SimulatorEgsProvider } from './simulator-egs-provider';

// From the project root: the benchmark runs this file from dist/ too.
const FIXTURES = join(projectRoot, 'test', 'fixtures', 'invoices');

/**
 * A simulator whose document checks are reduced to the QR and signature stages (or `stages`):
 * the official XSD + schematron stages cost ~300 ms per document, too slow for load tests on
 * 2 cores. The simulator's own stamp checks (hash, digests, signature over the hash with the
 * embedded certificate, CA trust, ICV/PIH) always run.
 */
export function fastSimulator(
  faults: Partial<FaultSettings> = {},
  extra: {
    duplicateWindowMs?: number;
    stages?: StageName[];
    /** false: exchanges in memory only, no exchanges.jsonl (the pipeline benchmark). */
    exchangeLogFile?: boolean;
  } = {},
): Promise<RunningSimulator> {
  const { stages = ['qr', 'signature'], ...options } = extra;
  const validate = coreDocumentValidator(undefined, stages);
  return startSimulator({
    port: 0,
    quiet: true,
    stateDir: mkdtempSync(join(tmpdir(), 'zatca-sim-')),
    // Documents whose number contains REJECT-ME fail a KSA rule, so tests can make rejections.
    validator: async (xml, dom) => [
      ...(await validate(xml, dom)),
      ...(xml.includes('REJECT-ME')
        ? [
            {
              stage: 'ksa' as const,
              passed: false,
              findings: [
                {
                  stage: 'ksa' as const,
                  code: 'BR-KSA-TEST',
                  severity: 'error' as const,
                  message: 'rejected on purpose by the test simulator',
                },
              ],
            },
          ]
        : []),
    ],
    faults: {
      latencyMs: 0,
      serverErrorRate: 0,
      timeoutRate: 0,
      timeoutHoldMs: 2000,
      rateLimitRate: 0,
      retryAfterSeconds: 1,
      clearanceOff: false,
      reportingStandard303: false,
      ...faults,
    },
    ...options,
  });
}

export function testPipelineConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    ...loadPipelineConfig({}),
    archiveDir: mkdtempSync(join(tmpdir(), 'zatca-archive-')),
    pollMs: 20,
    retryBaseMs: 20,
    retryMaxMs: 500,
    leaseMs: 5000,
    fatooraTimeoutMs: 1000,
    clearanceWaitMs: 5000,
    ...overrides,
  };
}

/** The host's modules that the pipeline needs (no HTTP listener unless the caller starts one). */
export async function startPipelineApp(
  db: TestDatabase,
  egs: SimulatorEgsProvider,
  config: PipelineConfig,
  runWorker = true,
): Promise<INestApplication> {
  const ds = await db.connect();
  await runPendingMigrations(ds);
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(db.config),
      DatabaseModule,
      AuditModule,
      PipelineModule.forRoot({ config, runWorker, egsProvider: egs }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

const fixtureTexts = new Map<string, string>();
/** A fixture's JSON text, read once (the pipeline benchmark's load generator asks per invoice). */
function fixtureText(fixture: string): string {
  let text = fixtureTexts.get(fixture);
  if (text === undefined) {
    text = readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8');
    fixtureTexts.set(fixture, text);
  }
  return text;
}

/** A canonical invoice from the fixtures with a fresh UUID, number and issue time (now). */
export function canonicalInvoice(
  fixture: 'simplified-invoice' | 'standard-invoice',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = JSON.parse(fixtureText(fixture)) as Record<string, unknown>;
  const uuid = randomUUID();
  return {
    ...base,
    uuid,
    id: `INV-${uuid.slice(0, 8)}`,
    issuedAt: new Date(Date.now() - 1000).toISOString(),
    ...overrides,
  };
}
