import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConnectionsService } from '../../../src/connectors/runner/connections.service';
import {
  EGS_SIGNING_PROVIDER,
  type EgsSigningProvider,
} from '../../../src/egs/egs-signing-context';
import { privateKeyPurpose } from '../../../src/egs/keys/database-key-store';
import { KeyVault, type SealContext } from '../../../src/secrets/key-vault';
import { masterKeyId, parseMasterKeyText } from '../../../src/secrets/master-key';
import type { SecretBytes } from '../../../src/secrets/secret-bytes';
import { backends, type TestDatabase } from '../../support/database';
import { zatcaInProcess } from '../../support/zatca-in-process';
import { newMasterKey, onboardOverHttp, startTestSimulator } from '../egs/egs-test-app';
import { PUBLIC_URL, RecordingConnector, rotationEnv, startRotationApp } from './rotation-app';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;
type Row = Record<string, unknown>;

const API_KEY = 'erp-api-key-0123456789';
const idOf = (base64: string): string => masterKeyId(parseMasterKeyText(base64) as SecretBytes);
const vaultOf = (base64: string): KeyVault => {
  const key = parseMasterKeyText(base64) as SecretBytes;
  return new KeyVault({ key, keyId: masterKeyId(key) });
};

/** `zatca <args>` with only `env` in the environment. */
const zatca = (args: string[], env: Record<string, string>) =>
  zatcaInProcess(args, env, { onlyEnv: true });

describe.each(backends)('master key rotation on $name', (backend) => {
  let simulator: Simulator;
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let unitId: string;
  let webhookToken: string;
  let csidSecret: string;
  const keyA = newMasterKey();
  const keyB = newMasterKey();
  const env = (keys: Record<string, string>) => rotationEnv(db, keys);
  const dataSource = () => app!.get(DataSource);
  const signing = () => app!.get<EgsSigningProvider>(EGS_SIGNING_PROVIDER);
  const connections = () => app!.get(ConnectionsService);

  async function start(keys: Record<string, string>, connector?: RecordingConnector) {
    await app?.close();
    app = await startRotationApp(env(keys), connector);
  }

  /** Every row of every table: what must not change when a re-seal is refused or repeated. */
  async function snapshot(): Promise<Record<string, Row[]>> {
    const tables: Record<string, Row[]> = {};
    for (const { tableName } of dataSource().entityMetadatas) {
      tables[tableName] = await dataSource().query(`SELECT * FROM ${tableName} ORDER BY 1`);
    }
    return tables;
  }

  /** Every sealed value in the database, with the context it must open with. */
  async function sealedValues(): Promise<
    Array<{ where: string; sealed: string; context: SealContext }>
  > {
    const ds = dataSource();
    const keys: Row[] = await ds.query('SELECT id, unit_id, sealed_private_key FROM egs_key');
    const certs: Row[] = await ds.query('SELECT id, unit_id, sealed_secret FROM egs_certificate');
    const conns: Row[] = await ds.query(
      'SELECT id, sealed_secret, sealed_webhook_token FROM connector_connections',
    );
    return [
      ...keys.map((r) => ({
        where: `egs_key ${String(r.id)}`,
        sealed: String(r.sealed_private_key),
        context: { ownerId: String(r.unit_id), purpose: privateKeyPurpose(String(r.id)) },
      })),
      ...certs.map((r) => ({
        where: `egs_certificate ${String(r.id)}`,
        sealed: String(r.sealed_secret),
        context: { ownerId: String(r.unit_id), purpose: `csid-secret:${String(r.id)}` },
      })),
      ...conns.flatMap((r) => [
        {
          where: `connector_connections ${String(r.id)} sealed_secret`,
          sealed: String(r.sealed_secret),
          context: { ownerId: String(r.id), purpose: 'connector-secret' },
        },
        {
          where: `connector_connections ${String(r.id)} sealed_webhook_token`,
          sealed: String(r.sealed_webhook_token),
          context: { ownerId: String(r.id), purpose: 'connector-webhook-token' },
        },
      ]),
    ];
  }

  beforeAll(async () => (simulator = await startTestSimulator()));
  afterAll(() => simulator?.dispose());

  // Secrets of every kind sealed under key A through the real services: a unit onboarded
  // against the simulator (its private key and CSID secrets) and a connector connection.
  beforeEach(async () => {
    db = await backend.create();
    await start({ ZATCA_MASTER_KEY: keyA });
    unitId = (await onboardOverHttp(app!, simulator.url, ['simplified'])).id;
    csidSecret = (await signing().signingContext(unitId)).csid.secret;
    ({ webhookToken } = await connections().create({
      id: 'erp-1',
      kind: 'recording',
      settings: {},
      secret: API_KEY,
    }));
    await app!.close();
    app = undefined;
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await db?.drop();
  });

  it('re-seals every secret under the new key with `zatca secrets reseal`; the product works with the new key alone', async () => {
    await start({ ZATCA_MASTER_KEY: keyA });
    const before = await sealedValues();
    const certificates = before.filter((v) => v.where.startsWith('egs_certificate')).length;
    expect(certificates).toBeGreaterThanOrEqual(2);
    for (const value of before) expect(value.sealed).toMatch(`zv1.${idOf(keyA)}.`);

    // Hosts restarted with B current and A previous work before the re-seal.
    await start({ ZATCA_MASTER_KEY: keyB, ZATCA_MASTER_KEY_PREVIOUS: keyA });
    expect((await signing().signingContext(unitId)).csid.secret).toBe(csidSecret);
    const untouched = await snapshot();
    await app!.close();
    app = undefined;

    const rotated = env({ ZATCA_MASTER_KEY: keyB, ZATCA_MASTER_KEY_PREVIOUS: keyA });
    const dryRun = await zatca(['secrets', 'reseal', '--dry-run'], rotated);
    expect(dryRun).toContain('egs private keys: 1 to re-seal, 0 already current\n');
    expect(dryRun).toContain(`dry run: nothing was written (${certificates + 3} to re-seal)\n`);
    await start({ ZATCA_MASTER_KEY: keyA });
    expect(await snapshot()).toEqual(untouched);
    await app!.close();
    app = undefined;

    const printed = await zatca(
      ['secrets', 'reseal'],
      env({ ZATCA_MASTER_KEY: keyB, ZATCA_MASTER_KEY_PREVIOUS: keyA }),
    );
    expect(printed).toBe(
      `database: ${db.config.database.displayUrl}\n` +
        `master key: ${idOf(keyB)} (previous: ${idOf(keyA)})\n` +
        'egs private keys: 1 re-sealed, 0 already current\n' +
        `csid secrets: ${certificates} re-sealed, 0 already current\n` +
        'connector api keys: 1 re-sealed, 0 already current\n' +
        'connector webhook tokens: 1 re-sealed, 0 already current\n' +
        `re-sealed ${certificates + 3}: once every host runs with master key ${idOf(keyB)}, ` +
        'remove ZATCA_MASTER_KEY_PREVIOUS / ZATCA_MASTER_KEY_PREVIOUS_FILE\n',
    );
    for (const secret of [API_KEY, webhookToken, csidSecret, keyA, keyB]) {
      expect(printed).not.toContain(secret);
    }

    // Only B is configured from here on.
    const connector = new RecordingConnector();
    await start({ ZATCA_MASTER_KEY: keyB }, connector);
    const onlyB = vaultOf(keyB);
    const after = await sealedValues();
    expect(after.map((v) => v.where)).toEqual(before.map((v) => v.where));
    for (const value of after) {
      expect(value.sealed).toMatch(`zv1.${idOf(keyB)}.`);
      expect(() => onlyB.open(value.sealed, value.context)).not.toThrow();
    }
    const keyIds: Row[] = await dataSource().query('SELECT master_key_id FROM egs_key');
    expect(keyIds).toEqual([{ master_key_id: idOf(keyB) }]);
    // Nothing anywhere in the database is still sealed under A.
    expect(JSON.stringify(await snapshot())).not.toContain(`zv1.${idOf(keyA)}.`);

    // The unit still signs (its key matches its certificate) and authenticates with its CSID.
    const context = await signing().signingContext(unitId);
    expect(context.csid.secret).toBe(csidSecret);
    expect(context.credentials.signer.sign(randomBytes(32)).length).toBeGreaterThan(60);
    // The connection still opens its ERP session with its API key and gives its webhook URL.
    const row = await connections().get('erp-1');
    connections().session(row);
    expect(connector.opened.map((c) => c.secret)).toEqual([API_KEY]);
    expect(await connections().webhookUrl(row)).toBe(
      `${PUBLIC_URL}/connectors/erp-1/webhook/${webhookToken}`,
    );

    // A second run re-seals nothing and changes nothing.
    const settled = await snapshot();
    const again = await zatca(
      ['secrets', 'reseal'],
      env({ ZATCA_MASTER_KEY: keyB, ZATCA_MASTER_KEY_PREVIOUS: keyA }),
    );
    expect(again).toContain('egs private keys: 0 re-sealed, 1 already current\n');
    expect(again).toContain(`csid secrets: 0 re-sealed, ${certificates} already current\n`);
    expect(again).toContain('connector api keys: 0 re-sealed, 1 already current\n');
    expect(again).toContain('connector webhook tokens: 0 re-sealed, 1 already current\n');
    expect(again).toContain('every secret is sealed under the current master key\n');
    expect(await snapshot()).toEqual(settled);
  });

  it('without the previous key: the host cannot open an old secret and the re-seal refuses before writing anything', async () => {
    const keyC = newMasterKey();
    // A second connection sealed under B, which a run with current C and previous B could
    // re-seal: it must stay as it is when another row cannot be opened.
    await start({ ZATCA_MASTER_KEY: keyB });
    await connections().create({ id: 'erp-2', kind: 'recording', settings: {}, secret: API_KEY });
    await expect(signing().signingContext(unitId)).rejects.toThrow(
      new RegExp(
        `^cannot decrypt the egs-private-key:[0-9a-f-]{36} of ${unitId}: it was encrypted under ` +
          `master key ${idOf(keyA)}, but the configured master key is ${idOf(keyB)}`,
      ),
    );
    const [{ id: egsKeyId }] = await dataSource().query<Row[]>('SELECT id FROM egs_key');
    const before = await snapshot();

    const runs: Record<string, string>[] = [
      { ZATCA_MASTER_KEY: keyB },
      { ZATCA_MASTER_KEY: keyC, ZATCA_MASTER_KEY_PREVIOUS: keyB },
    ];
    for (const keys of runs) {
      const refused = zatca(['secrets', 'reseal'], env(keys));
      await expect(refused).rejects.toThrow(
        new RegExp(
          `^cannot re-seal, nothing was written: egs_key ${String(egsKeyId)} ` +
            `\\(sealed_private_key\\) is sealed under master key ${idOf(keyA)}, which is ` +
            `neither the current one \\(${idOf(keys.ZATCA_MASTER_KEY)}\\) nor a previous one`,
        ),
      );
      await expect(refused).rejects.toThrow(
        /connector_connections erp-1 \(sealed_webhook_token\) is sealed under master key/,
      );
      expect(await snapshot()).toEqual(before);
    }
  });
});
