import type { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit/audit-trail.service';
import {
  EGS_SIGNING_PROVIDER,
  EgsCannotSignError,
  type EgsSigningProvider,
} from '../../../src/egs/egs-signing-context';
import { backends, type TestDatabase } from '../../support/database';
import {
  companyBody,
  egsConfig,
  ONBOARDING_OTP,
  RENEWAL_OTP,
  startEgsApp,
  startTestSimulator,
  unitBody,
} from './egs-test-app';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;
const DAY = 24 * 60 * 60 * 1000;

/** Collects the JSON bodies POSTed to it: the alert webhook's receiving end. */
async function startWebhookReceiver(): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    bodies,
    server,
  };
}

describe.each(backends)('EGS certificate renewal and expiry on $name', (backend) => {
  let simulator: Simulator;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let db: TestDatabase;
  let app: INestApplication<App>;
  const http = () => request(app.getHttpServer());
  const signing = () => app.get<EgsSigningProvider>(EGS_SIGNING_PROVIDER);

  beforeAll(async () => {
    simulator = await startTestSimulator();
    webhook = await startWebhookReceiver();
  });
  afterAll(async () => {
    await simulator?.dispose();
    await new Promise((resolve) => webhook?.server.close(resolve));
  });
  beforeEach(async () => {
    webhook.bodies.length = 0;
    db = await backend.create();
    app = (await startEgsApp(
      egsConfig(db, { RENEWAL_LEAD_DAYS: '30', RENEWAL_ALERT_WEBHOOK_URL: webhook.url }),
    )) as INestApplication<App>;
  });
  afterEach(async () => {
    simulator.simulator.options.productionValidityDays = 5 * 365;
    await app?.close();
    await db?.drop();
  });

  /** An onboarded mixed unit whose production certificate is valid for `days` days. */
  async function onboardedUnit(days: number): Promise<{ id: string; name: string }> {
    simulator.simulator.options.productionValidityDays = days;
    const company = await http().post('/egs/companies').send(companyBody()).expect(201);
    const unit = (
      await http()
        .post('/egs/units')
        .send(
          unitBody((company.body as { id: string }).id, simulator.url, ['standard', 'simplified']),
        )
        .expect(201)
    ).body as { id: string; name: string };
    await http().post(`/egs/units/${unit.name}/onboard`).send({ otp: ONBOARDING_OTP }).expect(200);
    return unit;
  }

  it('alerts near expiry, renews with the OTP, swaps the certificate at once and keeps the old one', async () => {
    const unit = await onboardedUnit(10);
    const before = await signing().signingContext(unit.id);
    expect(before.notAfter.getTime() - Date.now()).toBeLessThan(11 * DAY);
    // ZATCA_SIGNER's default: libsecp256k1 (installed here as the optional dependency).
    expect(before.credentials.signer.backend).toBe('secp256k1');

    // Within the 30-day lead time: log, audit entry and webhook.
    const alerts = (await http().post('/egs/renewal-check').expect(200)).body as Array<{
      unitId: string;
      daysLeft: number;
      expired: boolean;
    }>;
    expect(alerts).toEqual([
      expect.objectContaining({ unitId: unit.id, daysLeft: 9, expired: false }),
    ]);
    expect(webhook.bodies).toEqual([
      expect.objectContaining({ type: 'egs.certificate.expiring', unitId: unit.id, daysLeft: 9 }),
    ]);
    const audit = await app.get(AuditTrail).list({ subjectType: 'egs-unit', subjectId: unit.id });
    expect(audit.map((e) => e.action)).toContain('egs.certificate.expiring');

    // A wrong OTP: the renewal call fails, the unit keeps signing with its current certificate.
    const refused = await http().post(`/egs/units/${unit.name}/renew`).send({ otp: '000000' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      step: 'renewal-request',
      zatcaMessages: [{ code: 'Invalid-OTP' }],
    });
    expect((await signing().signingContext(unit.id)).credentials.certificate.serialNumber).toBe(
      before.credentials.certificate.serialNumber,
    );

    simulator.simulator.options.productionValidityDays = 5 * 365;
    const renewed = await http()
      .post(`/egs/units/${unit.name}/renew`)
      .send({ otp: RENEWAL_OTP })
      .expect(200);
    const after = await signing().signingContext(unit.id);
    expect(renewed.body).toMatchObject({
      previous: { serialNumber: before.credentials.certificate.serialNumber },
      certificate: { serialNumber: after.credentials.certificate.serialNumber },
    });
    expect(after.credentials.certificate.serialNumber).not.toBe(
      before.credentials.certificate.serialNumber,
    );
    expect(after.notAfter.getTime()).toBeGreaterThan(before.notAfter.getTime());
    // A fresh key for the new certificate; the CSID credentials changed with it.
    expect(after.credentials.signer.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(
      before.credentials.signer.publicKey.export({ format: 'der', type: 'spki' }),
    );
    expect(after.csid.binarySecurityToken).not.toBe(before.csid.binarySecurityToken);

    // ZATCA answered 428: the checks ran again with the new credentials, then the swap.
    const steps = (await http().get(`/egs/units/${unit.name}/steps`).expect(200)).body as Array<{
      flow: string;
      step: string;
      outcome: string;
    }>;
    const renewal = steps.filter((s) => s.flow === 'renewal' && s.outcome === 'passed');
    expect(renewal.filter((s) => s.step === 'compliance-check')).toHaveLength(6);
    expect(renewal.at(-1)?.step).toBe('certificate-swapped');

    // The old certificate is history, kept to verify older invoices.
    const rows: Array<{ status: string; serial_number: string }> = await app
      .get(DataSource)
      .query(
        "SELECT status, serial_number FROM egs_certificate WHERE unit_id = ? AND kind = 'production' ORDER BY issued_at",
        [unit.id],
      );
    expect(rows.map((r) => r.status)).toEqual(['superseded', 'active']);

    // Renewed: no more alerts.
    expect((await http().post('/egs/renewal-check').expect(200)).body).toEqual([]);
  });

  it('refuses to sign once the certificate has expired, with a clear error', async () => {
    const unit = await onboardedUnit(-1);
    const error = await signing()
      .signingContext(unit.id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EgsCannotSignError);
    expect(error).toMatchObject({ reason: 'certificate-expired' });
    expect((error as Error).message).toMatch(/expired on .*zatca egs renew/);

    const status = (await http().get(`/egs/units/${unit.name}/status`).expect(200)).body as {
      certificate: { expired: boolean; daysLeft: number };
    };
    expect(status.certificate.expired).toBe(true);
    const alerts = (await http().post('/egs/renewal-check').expect(200)).body as Array<{
      expired: boolean;
    }>;
    expect(alerts).toEqual([expect.objectContaining({ expired: true })]);
  });

  it('refuses to sign at an instant after a valid certificate’s end', async () => {
    const unit = await onboardedUnit(10);
    const context = await signing().signingContext(unit.id);
    await expect(
      signing().signingContext(unit.id, new Date(context.notAfter.getTime() + 1000)),
    ).rejects.toMatchObject({ reason: 'certificate-expired' });
    await expect(signing().signingContext('no-such-unit')).rejects.toMatchObject({
      reason: 'unknown-unit',
    });
  });
});
