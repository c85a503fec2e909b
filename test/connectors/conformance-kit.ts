import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import axios from 'axios';
import { DataSource } from 'typeorm';
import { AuditModule } from '../../src/audit/audit.module';
import { AppConfigModule } from '../../src/config/app-config.module';
import type { Connector } from '../../src/connectors/connector';
import { ConnectorsModule } from '../../src/connectors/connectors.module';
import type { ConnectorsConfig } from '../../src/connectors/connectors-config';
import { ConnectionsService } from '../../src/connectors/runner/connections.service';
import { ConnectorRunner } from '../../src/connectors/runner/connector-runner';
import { MappingsService } from '../../src/connectors/runner/mappings.service';
import {
  RecordStatusService,
  type RecordStatus,
} from '../../src/connectors/runner/record-status.service';
import { WriteBackOutbox } from '../../src/connectors/runner/write-back-outbox';
import { WriteBackEntity } from '../../src/connectors/entities/write-back.entity';
import { DatabaseModule } from '../../src/database/database.module';
import { runPendingMigrations } from '../../src/database/migrations';
import { InvoiceEntity } from '../../src/invoices/invoice.entity';
import { PipelineModule } from '../../src/pipeline/pipeline.module';
import type { RunningSimulator } from '../../src/simulator/standalone';
import { backends, type TestBackend, type TestDatabase } from '../support/database';
import { fastSimulator, testPipelineConfig } from '../support/pipeline-harness';
import { SimulatorEgsProvider } from '../support/simulator-egs-provider';

/** What a connector's fake ERP must offer the kit (the ERP side of each scenario). */
export interface FakeErp {
  readonly settings: Record<string, unknown>;
  readonly apiKey: string;
  /** Posts a customer invoice whose seller VAT is 399999999900003; returns its record id. */
  postInvoice(): string;
  postCreditNote(originalRecordId: string): string;
  /** A record the connector cannot map (e.g. a tax with no ZATCA category). */
  postUnmappable(): string;
  webhookBody(recordId: string): unknown;
  setReachable(reachable: boolean): void;
  failNextWriteBacks(count: number): void;
  /** What the ERP record shows now: status and message, UUID, attachments. */
  written(recordId: string): {
    status?: string;
    uuid?: string;
    message?: string;
    attachments: number;
  };
  /** How many times the connector wrote a result into the record. */
  writeBackCount(recordId: string): number;
  close(): Promise<void>;
}

export interface ConformanceSetup {
  connector: Connector;
  startErp(): Promise<FakeErp>;
  /** Mapping settings the connection needs (the EGS unit at least): [kind, erpKey, value]. */
  mappings(unitId: string): [string, string, unknown][];
}

export async function until<T>(probe: () => Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface KitContext {
  app: INestApplication;
  erp: FakeErp;
  /** The connectors' config the host runs with (publicUrl set with KitOptions.publicUrl). */
  config: ConnectorsConfig;
  /** The state message of the start (what became of the ERP's webhook). */
  startMessage: string | null;
  connectionKind: string;
  connectionId: string;
  webhookPath: string;
  baseUrl: string;
  runner: ConnectorRunner;
  outbox: WriteBackOutbox;
  status(recordId: string): Promise<RecordStatus>;
  /** Drains the write-back outbox until the record's write-back is done. */
  writtenBack(recordId: string): Promise<RecordStatus>;
  /** Invoices the pipeline holds for this ERP record (0 or 1, never more). */
  invoiceCount(recordId: string): Promise<number>;
}

/**
 * The conformance kit every connector passes against its fake ERP, on SQLite and MariaDB,
 * with the Fatoora simulator: invoice and credit note accepted and written back; poll and
 * webhook see a record once; ERP down then back; write-back failing then retried without a
 * second submission; an unmappable record explained in the ERP and in the status API.
 */
export function runConnectorConformance(name: string, setup: ConformanceSetup): void {
  describe.each(backends)(`${name} connector conformance on $name`, (backend) => {
    const kit = kitAroundEachTest(backend, setup);
    let k: KitContext;
    beforeEach(() => (k = kit.k));

    it('submits a posted invoice and a credit note and writes the results back', async () => {
      const invoice = k.erp.postInvoice();
      await k.runner.pollOnce(k.connectionId);
      const first = await k.writtenBack(invoice);
      expect(first.invoice?.state).toBe('cleared');
      expect(k.erp.written(invoice)).toMatchObject({
        status: 'CLEARED',
        uuid: first.invoice?.uuid,
      });
      expect(k.erp.written(invoice).attachments).toBe(1);

      const credit = k.erp.postCreditNote(invoice);
      await k.runner.pollOnce(k.connectionId);
      const second = await k.writtenBack(credit);
      expect(second.invoice?.state).toBe('cleared');
      expect(second.invoice?.icv).toBe((first.invoice?.icv ?? 0) + 1);
      expect(k.erp.written(credit).status).toBe('CLEARED');
    });

    it('takes a record seen by poll and by webhook once, and does not re-ingest its own write-back', async () => {
      const record = k.erp.postInvoice();
      const hook = await axios.post(`${k.baseUrl}${k.webhookPath}`, k.erp.webhookBody(record), {
        headers: { 'Content-Type': 'application/json' },
      });
      expect(hook.status).toBe(202);
      await k.runner.pollOnce(k.connectionId);
      await k.writtenBack(record);
      await k.runner.pollOnce(k.connectionId);
      await axios.post(`${k.baseUrl}${k.webhookPath}`, k.erp.webhookBody(record), {
        headers: { 'Content-Type': 'application/json' },
      });
      await k.runner.pollOnce(k.connectionId);
      await k.outbox.drain();
      expect(await k.invoiceCount(record)).toBe(1);
      expect(k.erp.writeBackCount(record)).toBe(1);
      const wrongToken = await axios.post(
        `${k.baseUrl}/connectors/${k.connectionId}/webhook/nope`,
        {},
        {
          validateStatus: () => true,
        },
      );
      expect(wrongToken.status).toBe(401);
    });

    it('keeps its cursor while the ERP is unreachable and catches up when it is back', async () => {
      const record = k.erp.postInvoice();
      k.erp.setReachable(false);
      expect(await k.runner.pollOnce(k.connectionId)).toBe(0);
      const connection = await k.app.get(ConnectionsService).get(k.connectionId);
      expect(connection.lastPollError).toMatch(/unreachable/);
      k.erp.setReachable(true);
      expect(await k.runner.pollOnce(k.connectionId)).toBe(1);
      expect(await k.invoiceCount(record)).toBe(1);
      expect((await k.writtenBack(record)).invoice?.state).toBe('cleared');
    });

    it('retries a failed write-back from its outbox and never sends the invoice to ZATCA again', async () => {
      const record = k.erp.postInvoice();
      k.erp.failNextWriteBacks(2);
      await k.runner.pollOnce(k.connectionId);
      const status = await k.writtenBack(record);
      expect(status.writeBack).toMatchObject({ state: 'done', attempts: 3 });
      expect(k.erp.written(record).status).toBe('CLEARED');
      const invoice = await k.app
        .get(DataSource)
        .getRepository(InvoiceEntity)
        .findOneByOrFail({ uuid: status.invoice!.uuid });
      expect(Number(invoice.attempts)).toBe(1); // one submission to ZATCA, one ICV
      expect(await k.invoiceCount(record)).toBe(1);
    });

    it('pauses (no polls, webhooks ignored, write-backs held) and resumes from its cursor, losing and doubling nothing', async () => {
      const api = `${k.baseUrl}/connectors/${k.connectionId}`;
      const first = k.erp.postInvoice();
      expect(await k.runner.pollOnce(k.connectionId)).toBe(1);
      const paused = await axios.post<{ state: string; cursor: string }>(`${api}/pause`, {});
      expect(paused.data.state).toBe('paused');
      expect((await axios.post<{ state: string }>(`${api}/pause`, {})).data.state).toBe('paused');
      // The first invoice is final in the pipeline, but its write-back waits.
      await until(async () =>
        (await k.status(first)).invoice?.state === 'cleared' ? true : undefined,
      );
      await k.outbox.drain();
      expect(k.erp.writeBackCount(first)).toBe(0);
      expect((await k.status(first)).writeBack).toMatchObject({ state: 'pending', attempts: 0 });

      const meanwhile = k.erp.postInvoice();
      expect(await k.runner.pollOnce(k.connectionId)).toBe(0);
      const hook = await axios.post(`${k.baseUrl}${k.webhookPath}`, k.erp.webhookBody(meanwhile), {
        headers: { 'Content-Type': 'application/json' },
      });
      expect(hook.status).toBe(202);
      expect(hook.data).toEqual({ accepted: [], ignored: 'paused' });
      await new Promise((r) => setTimeout(r, 200));
      expect(await k.invoiceCount(meanwhile)).toBe(0);
      expect((await axios.get<{ cursor: string }>(api)).data.cursor).toBe(paused.data.cursor);

      const resumed = await axios.post<{ state: string }>(`${api}/resume`, {});
      expect(resumed.data.state).toBe('active');
      expect(await k.runner.pollOnce(k.connectionId)).toBe(1);
      expect((await k.writtenBack(first)).invoice?.state).toBe('cleared');
      expect((await k.writtenBack(meanwhile)).invoice?.state).toBe('cleared');
      expect(await k.invoiceCount(first)).toBe(1);
      expect(await k.invoiceCount(meanwhile)).toBe(1);
      expect(k.erp.writeBackCount(first)).toBe(1);

      // Only a running connection pauses, only a paused one resumes.
      await axios.post(`${k.baseUrl}/connectors`, {
        id: 'erp-2',
        kind: k.connectionKind,
        settings: k.erp.settings,
        apiKey: k.erp.apiKey,
      });
      for (const verb of ['pause', 'resume']) {
        const refused = await axios.post(
          `${k.baseUrl}/connectors/erp-2/${verb}`,
          {},
          {
            validateStatus: () => true,
          },
        );
        expect(refused.status).toBe(409);
      }
    });

    it('checks a new API key with the ERP before saving it: a wrong one is refused naming apiKey, nothing changes', async () => {
      const wrong = await axios.patch<{ errors: { field: string; rule: string }[] }>(
        `${k.baseUrl}/connectors/${k.connectionId}`,
        { apiKey: `${k.erp.apiKey}-revoked`, name: 'renamed' },
        { validateStatus: () => true },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.data.errors.map((e) => e.field)).toContain('apiKey');
      expect(wrong.data.errors.find((e) => e.field === 'apiKey')?.rule).toMatch(
        /nothing was saved/,
      );
      const kept = await axios.get<{ name: string; state: string }>(
        `${k.baseUrl}/connectors/${k.connectionId}`,
      );
      expect(kept.data).toMatchObject({ name: k.connectionId, state: 'active' });
      // The stored key still works.
      const record = k.erp.postInvoice();
      expect(await k.runner.pollOnce(k.connectionId)).toBe(1);
      expect(await k.invoiceCount(record)).toBe(1);

      const right = await axios.patch<{ name: string; state: string }>(
        `${k.baseUrl}/connectors/${k.connectionId}`,
        { apiKey: k.erp.apiKey, name: 'renamed' },
      );
      expect(right.data).toMatchObject({ name: 'renamed', state: 'active' });
      expect((await k.writtenBack(record)).invoice?.state).toBe('cleared');
    });

    it('explains an unmappable record in the ERP and in the status API, consuming nothing', async () => {
      const record = k.erp.postUnmappable();
      await k.runner.pollOnce(k.connectionId);
      const status = await k.writtenBack(record);
      expect(status.state).toBe('mapping-failed');
      expect(status.errors.length).toBeGreaterThan(0);
      expect(status.errors[0].field).toBeTruthy();
      expect(status.invoice).toBeNull();
      expect(k.erp.written(record).status).toBe('ERROR');
      expect(k.erp.written(record).message).toContain(status.errors[0].field);
      expect(await k.invoiceCount(record)).toBe(0);
      // Our own error write-back changes the record: it is not taken for a new version.
      await k.runner.pollOnce(k.connectionId);
      await k.outbox.drain();
      expect(k.erp.writeBackCount(record)).toBe(1);
      const api = await axios.get<{ errors: unknown }>(
        `${k.baseUrl}/connectors/${k.connectionId}/records/${record}`,
      );
      expect(api.data.errors).toEqual(status.errors);
    });
  });
}

export interface KitOptions {
  /** Set CONNECTOR_PUBLIC_URL to the test host's own URL, so ERPs can be given webhooks. */
  publicUrl?: boolean;
}

/**
 * A host on `db` with `setup`'s connector, the pipeline against the simulator's unit-1, the
 * fake ERP, and connection erp-1 created, mapped and started; what the ERP held already is
 * handled. For connector-specific tests that need the whole host.
 */
/**
 * The host with a connector around each test of the calling describe block: a simulator with
 * `unit-1` onboarded once for the block, a new database and host per test, all closed after.
 * Read `k` inside tests and hooks (it is made anew for each test).
 */
export function kitAroundEachTest(
  backend: TestBackend,
  setup: ConformanceSetup,
  options: KitOptions = {},
): { readonly k: KitContext; readonly egs: SimulatorEgsProvider } {
  let db: TestDatabase | undefined;
  let sim: RunningSimulator | undefined;
  let egs: SimulatorEgsProvider;
  let current: KitContext | undefined;

  beforeAll(async () => {
    sim = await fastSimulator();
    egs = new SimulatorEgsProvider(sim.url);
    await egs.onboard('unit-1');
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    db = await backend.create();
    current = await startKit(db, egs, setup, options);
  });
  afterEach(async () => {
    await current?.app.close();
    await current?.erp.close();
    await db?.drop();
    current = undefined;
  });

  return {
    get k(): KitContext {
      if (!current) throw new Error('the kit exists only while a test runs');
      return current;
    },
    /** The EGS units of the simulator (unit-1 onboarded). */
    get egs(): SimulatorEgsProvider {
      return egs;
    },
  };
}

export async function startKit(
  db: TestDatabase,
  egs: SimulatorEgsProvider,
  setup: ConformanceSetup,
  options: KitOptions = {},
): Promise<KitContext> {
  const config: ConnectorsConfig = {
    pollMs: 60_000,
    writeBackTickMs: 60_000,
    writeBackRetryMs: 20,
    writeBackMaxDelayMs: 100,
    schedule: false,
    publicUrl: null,
  };
  const ds = await db.connect();
  await runPendingMigrations(ds);
  const pipeline = PipelineModule.forRoot({
    config: testPipelineConfig(),
    runWorker: true,
    egsProvider: egs,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(db.config),
      DatabaseModule,
      AuditModule,
      pipeline,
      ConnectorsModule.forRoot({ connectors: [setup.connector], pipeline, config }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // The same object the module holds: the host reads it when it needs the URL.
  if (options.publicUrl) config.publicUrl = baseUrl;
  const erp = await setup.startErp();
  const created = await axios.post<{ webhookPath: string }>(`${baseUrl}/connectors`, {
    id: 'erp-1',
    kind: setup.connector.kind,
    settings: erp.settings,
    apiKey: erp.apiKey,
  });
  for (const [kind, key, value] of setup.mappings('unit-1')) {
    await axios.put(`${baseUrl}/connectors/erp-1/mappings/${kind}/${encodeURIComponent(key)}`, {
      value,
    });
  }
  const started = await axios.post<{ state: string; stateMessage: string | null }>(
    `${baseUrl}/connectors/erp-1/start`,
    {},
  );
  if (started.data.state !== 'active')
    throw new Error(`connection not started: ${started.data.stateMessage}`);
  const statusService = app.get(RecordStatusService);
  const outbox = app.get(WriteBackOutbox);
  void app.get(MappingsService);
  // Whatever the fake ERP holds already is taken first, so each scenario starts settled.
  await app.get(ConnectorRunner).pollOnce('erp-1');
  await until(async () => {
    await outbox.drain();
    const left = await app
      .get(DataSource)
      .getRepository(WriteBackEntity)
      .countBy({ state: 'pending' });
    return left === 0 ? true : undefined;
  });
  return {
    app,
    erp,
    config,
    startMessage: started.data.stateMessage,
    connectionKind: setup.connector.kind,
    connectionId: 'erp-1',
    webhookPath: created.data.webhookPath,
    baseUrl,
    runner: app.get(ConnectorRunner),
    outbox,
    status: (recordId) => statusService.status('erp-1', recordId),
    writtenBack: (recordId) =>
      until(async () => {
        await outbox.drain();
        const status = await statusService.status('erp-1', recordId).catch(() => undefined);
        return status?.writeBack?.state === 'done' ? status : undefined;
      }),
    invoiceCount: (recordId) =>
      app
        .get(DataSource)
        .getRepository(InvoiceEntity)
        .countBy({ source: 'connector:erp-1', recordId }),
  };
}
