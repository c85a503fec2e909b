import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, type TestDatabase } from '../../support/database';
import { zatcaInProcess } from '../../support/zatca-in-process';
import { companyBody, newMasterKey, ONBOARDING_OTP, startTestSimulator } from './egs-test-app';
import { egsAddArgs } from '../../support/egs-add-args';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;

const zatca = zatcaInProcess;

describe.each(backends)('zatca egs on $name', (backend) => {
  let simulator: Simulator;
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => (simulator = await startTestSimulator()));
  afterAll(() => simulator?.dispose());
  beforeEach(async () => {
    db = await backend.create();
    dir = mkdtempSync(join(tmpdir(), 'zatca-egs-cli-'));
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      DB_MIGRATIONS: 'auto',
      ZATCA_MASTER_KEY: newMasterKey(),
    };
  });
  afterEach(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a company and a unit, onboards it with the OTP and shows its status', async () => {
    const file = join(dir, 'company.json');
    writeFileSync(file, JSON.stringify(companyBody()));
    const company = JSON.parse(
      await zatca(['egs', 'company', 'add', '--file', file, '--json'], env),
    ) as {
      id: string;
    };
    const unit = JSON.parse(
      await zatca(
        egsAddArgs(company.id, 'cli-pos-1', '1-ZatcaBridge|2-1.0|3-CLI-1', simulator.url),
        env,
      ),
    ) as { name: string };
    expect(unit.name).toBe('cli-pos-1');

    const onboarded = await zatca(['egs', 'onboard', 'cli-pos-1', '--otp', ONBOARDING_OTP], env);
    expect(onboarded).toMatch(
      /^unit cli-pos-1 onboarded: production certificate \d+, valid until /,
    );

    const text = await zatca(['egs', 'status', 'cli-pos-1'], env);
    expect(text).toContain('onboarding:         onboarded');
    expect(text).toMatch(/days left: +\d+/);
    // The pipeline reports no activity here: shown as a dash, not as zero.
    expect(text).toContain('last invoice (ICV): —');
    const status = JSON.parse(await zatca(['egs', 'status', '--json'], env)) as Array<{
      name: string;
      certificate: { daysLeft: number };
    }>;
    expect(status).toEqual([
      expect.objectContaining({
        name: 'cli-pos-1',
        certificate: expect.objectContaining({}) as object,
      }),
    ]);
  });

  it('fails with one line naming the field when input is wrong', async () => {
    await expect(
      zatca(['egs', 'company', 'add', '--vat', '123', '--name-en', 'X', '--name-ar', 'س'], env),
    ).rejects.toThrow(/vatNumber: must be 15 digits starting and ending with 3/);
  });
});
