import { renewProductionCsid, type IssuedCsid } from '../../../src/fatoora';
import { complianceSamples, onboard } from './onboard';
import { startTestSimulator, type TestSimulator } from './simulator-harness';
import { TestEgs } from './test-egs';

jest.setTimeout(180_000);

describe('simulator CSID renewal (428 flow)', () => {
  let sim: TestSimulator;
  const egs = new TestEgs('399999999900003', '0100');
  let pcsid: IssuedCsid;
  let ccsid: IssuedCsid;

  beforeAll(async () => {
    sim = await startTestSimulator();
    ({ pcsid, ccsid } = await onboard(sim.client(), egs));
  });
  afterAll(() => sim.stop());

  it('refuses renewal with the compliance CSID (401), a wrong OTP, or a CSR for another VAT number', async () => {
    const client = sim.client();
    expect(await client.renewProductionCsid(ccsid, egs.csrPem(), '123456')).toMatchObject({
      kind: 'unauthorized',
    });
    expect(await client.renewProductionCsid(pcsid, egs.csrPem(), '123345')).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Invalid-OTP' }],
    });
    expect(
      await client.renewProductionCsid(pcsid, egs.csrPem('300000000000003'), '123456'),
    ).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Invalid-CSR' }],
    });
  });

  it('answers 428 NOT_COMPLIANT, then issues the renewed PCSID after the compliance checks', async () => {
    const outcome = await renewProductionCsid(sim.client(), pcsid, egs.csrPem(), '123456', (csid) =>
      Promise.resolve(complianceSamples(egs, csid)),
    );
    expect(outcome).toMatchObject({ step: 'renewed', result: { kind: 'issued' } });
    const log = (await sim.admin.get('/exchanges', { params: { path: '/production/csids' } }))
      .data as { method: string; status: number }[];
    expect(log.filter((e) => e.method === 'PATCH').map((e) => e.status)).toContain(428);
  });
});

describe('simulator with one-time OTPs and expired certificates', () => {
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator({ otpMode: 'one-time', complianceValidityDays: -1 });
  });
  afterAll(() => sim.stop());

  it('refuses the sandbox constant, a reused OTP and an OTP minted for another VAT number', async () => {
    const egs = new TestEgs();
    const client = sim.client();
    expect(await client.requestComplianceCsid(egs.csrPem(), '123345')).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Invalid-OTP' }],
    });
    const forOther = (
      await sim.admin.post('/otps', {
        purpose: 'onboarding',
        environment: 'sandbox',
        vatNumber: '300000000000003',
      })
    ).data as { otp: string };
    expect(await client.requestComplianceCsid(egs.csrPem(), forOther.otp)).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Invalid-OTP' }],
    });
    const minted = (
      await sim.admin.post('/otps', {
        purpose: 'onboarding',
        environment: 'sandbox',
        vatNumber: egs.vatNumber,
      })
    ).data as { otp: string };
    expect(await client.requestComplianceCsid(egs.csrPem(), minted.otp)).toMatchObject({
      kind: 'issued',
    });
    expect(await client.requestComplianceCsid(egs.csrPem(), minted.otp)).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Invalid-OTP' }],
    });
  });

  it('refuses calls with an expired CSID and documents signed with an expired certificate', async () => {
    const egs = new TestEgs();
    const { otp } = (await sim.admin.post('/otps', { purpose: 'onboarding' })).data as {
      otp: string;
    };
    const issued = await sim.client().requestComplianceCsid(egs.csrPem(), otp);
    if (issued.kind !== 'issued') throw new Error(JSON.stringify(issued));
    const [sample] = complianceSamples(egs, issued.csid);
    expect(await sim.client().checkCompliance(issued.csid, sample)).toMatchObject({
      kind: 'unauthorized',
      message: 'The CSID has expired',
    });
  });
});
