import type { INestApplication } from '@nestjs/common';
import { createPrivateKey } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { KeyVault, SealedSecretError } from '../../../src/secrets/key-vault';
import { masterKeyId, parseMasterKeyText } from '../../../src/secrets/master-key';
import type { SecretBytes } from '../../../src/secrets/secret-bytes';
import { privateKeyPurpose } from '../../../src/egs/keys/database-key-store';
import { backends, type TestDatabase } from '../../support/database';
import {
  egsConfig,
  newMasterKey,
  onboardOverHttp,
  startEgsApp,
  startTestSimulator,
} from './egs-test-app';

type Simulator = Awaited<ReturnType<typeof startTestSimulator>>;

function vaultOf(base64: string): KeyVault {
  const key = parseMasterKeyText(base64) as SecretBytes;
  return new KeyVault({ key, keyId: masterKeyId(key) });
}

describe.each(backends)('EGS keys at rest on $name', (backend) => {
  let simulator: Simulator;
  let db: TestDatabase;
  let app: INestApplication<App>;
  let unitId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => (simulator = await startTestSimulator()));
  afterAll(() => simulator?.dispose());
  beforeEach(async () => {
    db = await backend.create();
    app = (await startEgsApp(egsConfig(db))) as INestApplication<App>;
    unitId = (await onboardOverHttp(app, simulator.url, ['simplified'])).id;
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  const keyRows = (): Promise<Array<{ id: string; unit_id: string; sealed_private_key: string }>> =>
    app.get(DataSource).query('SELECT id, unit_id, sealed_private_key FROM egs_key');

  it('stores no form of the private key in the database', async () => {
    const rows = await keyRows();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const der = app
      .get(KeyVault)
      .open(row.sealed_private_key, { ownerId: unitId, purpose: privateKeyPurpose(row.id) });
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const sec1 = key.export({ format: 'der', type: 'sec1' });
    const pem = key.export({ format: 'pem', type: 'sec1' }).toString();
    // The raw 32-byte scalar is inside every encoding: look for it in every common text form.
    const scalar = sec1.subarray(7, 39);
    const forms = [
      der.toString('base64'),
      der.toString('hex'),
      sec1.toString('base64'),
      scalar.toString('hex'),
      scalar.toString('base64'),
      scalar.toString('base64url'),
      pem,
    ];
    const dump = JSON.stringify(
      await app.get(DataSource).query('SELECT * FROM egs_key'),
    ).toLowerCase();
    for (const form of forms) expect(dump).not.toContain(form.toLowerCase());
    expect(dump).not.toContain('private key');
  });

  it('cannot be decrypted with another master key, and says why', async () => {
    const [row] = await keyRows();
    const other = vaultOf(newMasterKey());
    expect(() =>
      other.open(row.sealed_private_key, { ownerId: unitId, purpose: privateKeyPurpose(row.id) }),
    ).toThrow(
      new RegExp(
        `cannot decrypt the egs-private-key:${row.id} of ${unitId}: it was encrypted under master key [0-9a-f]{16}, but the configured master key is ${other.keyId}`,
      ),
    );
  });

  it('does not open for another unit (the ciphertext is bound to its unit)', async () => {
    const [row] = await keyRows();
    expect(() =>
      app.get(KeyVault).open(row.sealed_private_key, {
        ownerId: 'another-unit',
        purpose: privateKeyPurpose(row.id),
      }),
    ).toThrow(SealedSecretError);
  });

  it('seals the CSID secrets too, and never returns key material from the API', async () => {
    const certs: Array<{ sealed_secret: string }> = await app
      .get(DataSource)
      .query('SELECT sealed_secret FROM egs_certificate');
    expect(certs.length).toBeGreaterThan(0);
    for (const c of certs) expect(c.sealed_secret).toMatch(/^zv1\.[0-9a-f]{16}\./);

    const bodies = await Promise.all(
      [
        `/egs/units/${unitId}`,
        `/egs/units/${unitId}/status`,
        `/egs/units/${unitId}/steps`,
        '/egs/status',
      ].map(async (path) => JSON.stringify((await http().get(path).expect(200)).body)),
    );
    for (const body of bodies) {
      expect(body).not.toMatch(/zv1\.|PRIVATE KEY|secret/i);
    }
  });
});
