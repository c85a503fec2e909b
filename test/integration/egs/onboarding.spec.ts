import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { backends, type TestDatabase } from '../../support/database';
import {
  companyBody,
  egsConfig,
  ONBOARDING_OTP,
  startEgsApp,
  startTestSimulator,
  unitBody,
} from './egs-test-app';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;

describe.each(backends)('EGS onboarding against the simulator on $name', (backend) => {
  let simulator: Simulator;
  let db: TestDatabase;
  let app: INestApplication<App>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => (simulator = await startTestSimulator()));
  afterAll(() => simulator?.dispose());
  beforeEach(async () => {
    db = await backend.create();
    app = (await startEgsApp(egsConfig(db))) as INestApplication<App>;
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  async function addUnit(types: string[], overrides: Record<string, unknown> = {}) {
    const company = await http().post('/egs/companies').send(companyBody()).expect(201);
    const unit = await http()
      .post('/egs/units')
      .send(unitBody((company.body as { id: string }).id, simulator.url, types, overrides))
      .expect(201);
    return unit.body as { id: string; name: string };
  }

  const steps = async (unit: string) =>
    (await http().get(`/egs/units/${unit}/steps`).expect(200)).body as Array<{
      step: string;
      outcome: string;
      documentType?: string;
    }>;

  it.each([
    [
      'standard-only',
      ['standard'],
      ['standard-invoice', 'standard-credit-note', 'standard-debit-note'],
    ],
    [
      'simplified-only',
      ['simplified'],
      ['simplified-invoice', 'simplified-credit-note', 'simplified-debit-note'],
    ],
    [
      'mixed',
      ['standard', 'simplified'],
      [
        'standard-invoice',
        'standard-credit-note',
        'standard-debit-note',
        'simplified-invoice',
        'simplified-credit-note',
        'simplified-debit-note',
      ],
    ],
  ])('onboards a %s unit in one call', async (_label, types, checked) => {
    const unit = await addUnit(types);
    const res = await http()
      .post(`/egs/units/${unit.name}/onboard`)
      .send({ otp: ONBOARDING_OTP })
      .expect(200);
    expect(res.body).toMatchObject({ unitId: unit.id, state: 'onboarded' });

    const passed = (await steps(unit.name)).filter((s) => s.step === 'compliance-check');
    expect(passed.map((s) => [s.documentType, s.outcome])).toEqual(
      checked.map((type) => [type, 'passed']),
    );
    // The simulator recorded every compliance step as passed under the compliance CSID.
    const status = (await http().get(`/egs/units/${unit.name}/status`).expect(200)).body as {
      certificate: { daysLeft: number };
    };
    expect(status).toMatchObject({
      onboardingState: 'onboarded',
      environment: 'sandbox',
      lastInvoiceCounter: null,
      lastSubmission: null,
    });
    expect(status.certificate.daysLeft).toBeGreaterThan(1000);
  });
});
