import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { backends, type TestDatabase } from '../../support/database';
import {
  companyBody,
  egsConfig,
  ONBOARDING_OTP,
  startEgsApp,
  startTestSimulator,
  unitBody,
} from './egs-test-app';
import { startFailingProxy } from './fatoora-proxy';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;
interface Problem {
  field: string;
  rule: string;
}

describe.each(backends)('EGS bad input and reruns on $name', (backend) => {
  let simulator: Simulator;
  // One-time OTPs that expire after 1 ms: every minted OTP is already expired when used.
  let expiringSimulator: Simulator;
  let db: TestDatabase;
  let app: INestApplication<App>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    simulator = await startTestSimulator();
    expiringSimulator = await startTestSimulator({ otpMode: 'one-time', otpTtlMs: 1 });
  });
  afterAll(async () => {
    await simulator?.dispose();
    await expiringSimulator?.dispose();
  });
  beforeEach(async () => {
    db = await backend.create();
    app = (await startEgsApp(egsConfig(db))) as INestApplication<App>;
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  async function company(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await http().post('/egs/companies').send(companyBody(overrides)).expect(201);
    return (res.body as { id: string }).id;
  }

  async function unit(host = simulator.url, overrides: Record<string, unknown> = {}) {
    const res = await http()
      .post('/egs/units')
      .send(unitBody(await company(), host, ['simplified'], overrides))
      .expect(201);
    return res.body as { id: string; name: string };
  }

  it('refuses an invalid VAT number, naming the field and the rule', async () => {
    const res = await http()
      .post('/egs/companies')
      .send(companyBody({ vatNumber: '12345' }))
      .expect(400);
    expect((res.body as { problems: Problem[] }).problems).toEqual([
      {
        field: 'vatNumber',
        rule: expect.stringContaining('15 digits starting and ending with 3') as string,
      },
    ]);
  });

  it('refuses a VAT group member without its TIN', async () => {
    const res = await http()
      .post('/egs/companies')
      .send(companyBody({ vatNumber: '300000000010003' }))
      .expect(400);
    expect((res.body as { problems: Problem[] }).problems[0].field).toBe('vatGroupMemberTin');
  });

  it('refuses a CSR field longer than ZATCA accepts when the unit is added', async () => {
    const id = await company();
    const res = await http()
      .post('/egs/units')
      .send(unitBody(id, simulator.url, ['standard'], { branchName: 'B'.repeat(70) }))
      .expect(400);
    expect((res.body as { problems: Problem[] }).problems).toEqual([
      {
        field: 'branchName',
        rule: 'must be at most 64 characters (has 70) (it goes into the CSR organization unit (OU))',
      },
    ]);
  });

  it('keeps two companies with one VAT number (VAT group members) apart', async () => {
    const a = await company({
      vatNumber: '300000000010003',
      vatGroupMemberTin: '3000000001',
      nameEn: 'Member A',
    });
    const b = await company({
      vatNumber: '300000000010003',
      vatGroupMemberTin: '3000000002',
      nameEn: 'Member B',
    });
    expect(a).not.toBe(b);
    const list = (await http().get('/egs/companies').expect(200)).body as Array<{
      id: string;
      nameEn: string;
    }>;
    expect(list.map((c) => c.nameEn).sort()).toEqual(['Member A', 'Member B']);
  });

  it('says a wrong OTP failed at the compliance CSID step, and a rerun sends a new CSR', async () => {
    const { name, id } = await unit();
    const failed = await http().post(`/egs/units/${name}/onboard`).send({ otp: '000000' });
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({
      step: 'compliance-csid',
      zatcaMessages: [{ code: 'Invalid-OTP' }],
      hint: expect.stringContaining('generate a new one in the Fatoora portal') as string,
    });

    await http().post(`/egs/units/${name}/onboard`).send({ otp: ONBOARDING_OTP }).expect(200);

    const dataSource = app.get(DataSource);
    const csrs: Array<{ pem: string; submitted_at: unknown; key_id: string }> =
      await dataSource.query('SELECT pem, submitted_at, key_id FROM egs_csr WHERE unit_id = ?', [
        id,
      ]);
    // The refused CSR was never sent again; the key was kept (only the CSR was spent).
    expect(csrs).toHaveLength(2);
    expect(csrs[0].pem).not.toBe(csrs[1].pem);
    expect(csrs.every((c) => c.submitted_at !== null)).toBe(true);
    expect(csrs[0].key_id).toBe(csrs[1].key_id);
  });

  it('says an expired OTP has expired', async () => {
    const { name } = await unit(expiringSimulator.url);
    const { otp } = expiringSimulator.simulator.otps.mint('onboarding', 'sandbox');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await http().post(`/egs/units/${name}/onboard`).send({ otp }).expect(422);
    expect(res.body).toMatchObject({
      step: 'compliance-csid',
      zatcaMessages: [{ code: 'Expired-OTP' }],
      hint: expect.stringContaining('expired') as string,
    });
  });

  it('refuses to onboard a unit twice', async () => {
    const { name } = await unit();
    await http().post(`/egs/units/${name}/onboard`).send({ otp: ONBOARDING_OTP }).expect(200);
    const res = await http()
      .post(`/egs/units/${name}/onboard`)
      .send({ otp: ONBOARDING_OTP })
      .expect(409);
    expect((res.body as { message: string }).message).toMatch(
      /already onboarded .*zatca egs renew/,
    );
  });

  it('continues from the production CSID step after ZATCA was unreachable, without an OTP', async () => {
    let down = true;
    const proxy = await startFailingProxy(
      simulator.url,
      (method, path) => down && method === 'POST' && path.endsWith('/production/csids'),
    );
    try {
      const { name } = await unit(proxy.url);
      const failed = await http()
        .post(`/egs/units/${name}/onboard`)
        .send({ otp: ONBOARDING_OTP })
        .expect(422);
      expect(failed.body).toMatchObject({
        step: 'production-csid',
        hint: expect.stringContaining('no new OTP is needed') as string,
      });
      const status = (await http().get(`/egs/units/${name}/status`).expect(200)).body as {
        onboardingState: string;
      };
      expect(status.onboardingState).toBe('compliance-checks-passed');

      down = false;
      await http().post(`/egs/units/${name}/onboard`).send({}).expect(200);
      const steps = (await http().get(`/egs/units/${name}/steps`).expect(200)).body as Array<{
        step: string;
        outcome: string;
      }>;
      // Each check ran once; the compliance CSID was requested once.
      expect(steps.filter((s) => s.step === 'compliance-check')).toHaveLength(3);
      expect(steps.filter((s) => s.step === 'compliance-csid')).toHaveLength(1);
      expect(steps.map((s) => `${s.step}:${s.outcome}`).slice(-2)).toEqual([
        'production-csid:failed',
        'production-csid:passed',
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('names the OTP when a step needs one and none is given', async () => {
    const { name } = await unit();
    const res = await http().post(`/egs/units/${name}/onboard`).send({}).expect(400);
    expect((res.body as { problems: Problem[] }).problems[0]).toMatchObject({ field: 'otp' });
  });
});
