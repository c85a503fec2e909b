import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../src/app.module';
import { AuditTrail } from '../../../src/audit';
import { verifyChains } from '../../../src/chain/chain-verifier';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { configureApp } from '../../../src/http/create-app';
import { projectRoot } from '../../../src/project-root';
import { backends, type TestDatabase } from '../../support/database';
import { egsConfig, onboardOverHttp, startTestSimulator } from '../egs/egs-test-app';

// The whole host as a user drives it over HTTP: company, unit, onboarding with the OTP, then
// invoices through the intake, cleared and reported by the (simulated) Fatoora, and the unit's
// status, the chain and the audit trail afterwards.
describe.each(backends)('the host end to end on $name', (backend) => {
  let db: TestDatabase;
  let simulator: Awaited<ReturnType<typeof startTestSimulator>>;
  let app: INestApplication<App>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    simulator = await startTestSimulator();
    db = await backend.create();
    const config = egsConfig(db);
    await prepareDatabase(config);
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config)],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
    configureApp(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await simulator?.dispose();
  });

  const invoice = (fixture: string) => {
    const json = JSON.parse(
      readFileSync(join(projectRoot, 'test/fixtures/invoices', `${fixture}.json`), 'utf8'),
    ) as Record<string, unknown>;
    const uuid = randomUUID();
    return { ...json, uuid, id: `INV-${uuid.slice(0, 8)}`, issuedAt: new Date().toISOString() };
  };

  it('onboards a unit, clears and reports its invoices, and shows them in its status', async () => {
    const { id: unitId, name: unitName } = await onboardOverHttp(app, simulator.url, [
      'standard',
      'simplified',
    ]);

    const standard = await http()
      .post('/invoices')
      .send({ source: 'e2e', recordId: 'r1', unitId, invoice: invoice('standard-invoice') })
      .expect(201);
    expect(standard.body).toMatchObject({ state: 'cleared', icv: 1 });
    expect((standard.body as { clearedInvoice: string }).clearedInvoice).toBeTruthy();

    // The unit may be named as its admin named it.
    const simplified = await http()
      .post('/invoices')
      .send({
        source: 'e2e',
        recordId: 'r2',
        unitId: unitName,
        invoice: invoice('simplified-invoice'),
      })
      .expect(201);
    expect(simplified.body).toMatchObject({ icv: 2, subtype: 'simplified' });
    const uuid = (simplified.body as { uuid: string }).uuid;

    // The same record again: the first answer, no second invoice, no second ICV.
    const again = await http()
      .post('/invoices')
      .send({ source: 'e2e', recordId: 'r2', unitId, invoice: invoice('simplified-invoice') });
    expect(again.body).toMatchObject({ uuid, icv: 2, replayed: true });

    const unknownUnit = await http()
      .post('/invoices')
      .send({
        source: 'e2e',
        recordId: 'r3',
        unitId: 'no-such-unit',
        invoice: invoice('simplified-invoice'),
      })
      .expect(422);
    expect(unknownUnit.body).toMatchObject({
      errors: [{ field: 'unitId', rule: expect.stringContaining('no-such-unit') as unknown }],
    });

    let reported: { state: string } = { state: 'pending' };
    for (let i = 0; i < 200 && reported.state === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reported = (await http().get(`/invoices/${uuid}`).expect(200)).body as { state: string };
    }
    expect(reported.state).toBe('reported');

    const status = await http().get(`/egs/units/${unitId}/status`).expect(200);
    expect(status.body).toMatchObject({
      lastInvoiceCounter: 2,
      lastSubmission: { result: 'reported' },
    });

    const ds = app.get(DataSource);
    const chains = await verifyChains(ds, {});
    expect(chains).toMatchObject({ ok: true, problems: [] });
    const audit = await new AuditTrail(ds).verify();
    expect(audit.ok).toBe(true);
  });
});
