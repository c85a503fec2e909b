import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AppModule } from '../../../src/app.module';
import { loadConfig } from '../../../src/config/load-config';
import { generateCsr, parseCsrConfig } from '../../../src/core/csr';
import { generateSecp256k1KeyPair } from '../../../src/core/keys';
import { configureApp } from '../../../src/http/create-app';
import { sdkPath } from '../../support/sdk';

// The embedded default: `npm start` serves the Fatoora simulator inside the host, so a user can
// onboard against it before holding a real OTP.
describe('the host with its built-in Fatoora simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zatca-host-sim-'));
  let app: INestApplication<App>;

  beforeAll(async () => {
    process.env.SIMULATOR_STATE_DIR = join(dir, 'simulator');
    // cwd = the temp dir, so the generated ./data/master.key lands there too.
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: `sqlite:${join(dir, 'zatca.sqlite')}`,
        SIMULATOR: 'on',
      },
      dir,
    );
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config)],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
    configureApp(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.SIMULATOR_STATE_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  const csrBody = () => {
    const fields = parseCsrConfig(readFileSync(sdkPath('Input/csr-config-example-EN.properties')));
    const { privateKey } = generateSecp256k1KeyPair();
    return { csr: generateCsr({ fields, privateKey, environment: 'sandbox' }).base64 };
  };

  it('answers a wrong OTP on POST /compliance as ZATCA does', async () => {
    const res = await request(app.getHttpServer())
      .post('/e-invoicing/developer-portal/compliance')
      .set({ OTP: '000000', 'Accept-Version': 'V2' })
      .send(csrBody())
      .expect(400);
    expect(res.body).toMatchObject({ errors: [{ code: 'Invalid-OTP' }] });
  });

  it('issues a compliance CSID for the sandbox OTP', async () => {
    const res = await request(app.getHttpServer())
      .post('/e-invoicing/developer-portal/compliance')
      .set({ OTP: '123345', 'Accept-Version': 'V2' })
      .send(csrBody())
      .expect(200);
    const body = res.body as { dispositionMessage: string; binarySecurityToken: string };
    expect(body.dispositionMessage).toBe('ISSUED');
    // binarySecurityToken is base64 of the certificate's base64 text ("MII..." -> "TUlJ...").
    expect(body.binarySecurityToken.startsWith('TUlJ')).toBe(true);
  });

  it('takes invoice bodies larger than Express’s 100 kB default', async () => {
    const invoice = Buffer.from(`<Invoice>${'x'.repeat(300_000)}</Invoice>`).toString('base64');
    const res = await request(app.getHttpServer())
      .post('/e-invoicing/developer-portal/invoices/reporting/single')
      .set({ 'Accept-Version': 'V2' })
      .send({ invoiceHash: 'x', uuid: 'y', invoice });
    // Unauthenticated, so refused, but by the simulator (401), not by the body parser (413).
    expect(res.status).toBe(401);
  });
});

describe('simulator settings', () => {
  afterEach(() => delete process.env.SIMULATOR_FAULT_TIMEOUT_RATE);

  it('a wrong SIMULATOR_* value stops start-up with a message naming it', () => {
    process.env.SIMULATOR_FAULT_TIMEOUT_RATE = '20%';
    const config = loadConfig({ NODE_ENV: 'test', SIMULATOR: 'on' }, tmpdir());
    expect(() => AppModule.forRoot(config)).toThrow(
      'SIMULATOR_FAULT_TIMEOUT_RATE: expected a share from 0 to 1 (e.g. 0.2), got "20%"',
    );
  });
});
