import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Environment } from '../../../src/config/load-config';
import { configErrorOf } from './config-error-of';
import { createKeyVault } from '../../../src/secrets/create-key-vault';
import { KeyVault } from '../../../src/secrets/key-vault';
import { masterKeyId, parseMasterKeyText } from '../../../src/secrets/master-key';
import type { SecretBytes } from '../../../src/secrets/secret-bytes';

const CWD = '/srv/zatca';
const newKey = (): string => randomBytes(32).toString('base64');
const idOf = (base64: string): string => masterKeyId(parseMasterKeyText(base64) as SecretBytes);

const errorOf = (env: Environment) => configErrorOf(env, CWD);

describe('previous master keys (rotation)', () => {
  const current = newKey();
  const a = newKey();
  const b = newKey();

  it('are unset by default', () => {
    expect(loadConfig({ ZATCA_MASTER_KEY: current }, CWD).previousMasterKeys).toBeUndefined();
  });

  it('reads ZATCA_MASTER_KEY_PREVIOUS as comma-separated base64 keys and passes them to the vault', () => {
    const config = loadConfig(
      { ZATCA_MASTER_KEY: current, ZATCA_MASTER_KEY_PREVIOUS: ` ${a}, ${b},` },
      CWD,
    );
    expect(config.previousMasterKeys?.kind).toBe('env');
    expect(JSON.stringify(config)).not.toContain(a);
    const { vault } = createKeyVault(config);
    expect(vault.keyId).toBe(idOf(current));
    expect(vault.previousKeyIds).toEqual([idOf(a), idOf(b)]);

    // A secret sealed under A opens; new seals are under the current key.
    const context = { ownerId: 'unit-1', purpose: 'test' };
    const sealedUnderA = new KeyVault({
      key: parseMasterKeyText(a) as SecretBytes,
      keyId: idOf(a),
    }).seal(Buffer.from('s3cret'), context);
    expect(vault.open(sealedUnderA, context).toString()).toBe('s3cret');
    expect(vault.seal(Buffer.from('s3cret'), context)).toMatch(`zv1.${idOf(current)}.`);
  });

  it('refuses a wrong length or bad base64, naming the variable and never the value', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const wrong = errorOf({
      ZATCA_MASTER_KEY: current,
      ZATCA_MASTER_KEY_PREVIOUS: `${a},${short}`,
    });
    expect(wrong.message).toBe(
      'ZATCA_MASTER_KEY_PREVIOUS: key 2 of 2: expected base64 of 32 bytes, got 16 bytes ' +
        '(the master keys used before a rotation, separated by commas)',
    );
    expect(wrong.message).not.toContain(short);
    expect(wrong.message).not.toContain(a);

    const bad = errorOf({ ZATCA_MASTER_KEY: current, ZATCA_MASTER_KEY_PREVIOUS: 'not*base64!' });
    expect(bad.message).toMatch(/^ZATCA_MASTER_KEY_PREVIOUS: expected base64 of 32 random bytes/);
    expect(bad.message).not.toContain('not*base64!');

    expect(
      errorOf({
        ZATCA_MASTER_KEY: current,
        ZATCA_MASTER_KEY_PREVIOUS: a,
        ZATCA_MASTER_KEY_PREVIOUS_FILE: 'k',
      }).message,
    ).toBe('ZATCA_MASTER_KEY_PREVIOUS, ZATCA_MASTER_KEY_PREVIOUS_FILE: set one of them, not both');
  });

  it('treats a previous key equal to the current one as harmless', () => {
    const config = loadConfig(
      { ZATCA_MASTER_KEY: current, ZATCA_MASTER_KEY_PREVIOUS: `${current},${a}` },
      CWD,
    );
    const { vault } = createKeyVault(config);
    expect(vault.keyId).toBe(idOf(current));
    expect(vault.previousKeyIds).toEqual([idOf(a)]);
    const context = { ownerId: 'unit-1', purpose: 'test' };
    expect(vault.open(vault.seal(Buffer.from('x'), context), context).toString()).toBe('x');
  });

  describe('ZATCA_MASTER_KEY_PREVIOUS_FILE', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zatca-previous-keys-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('takes the old key file as it is, or several keys one a line, resolved against the working directory', () => {
      writeFileSync(join(dir, 'old.key'), `${a}\n`);
      const config = loadConfig(
        { ZATCA_MASTER_KEY: current, ZATCA_MASTER_KEY_PREVIOUS_FILE: 'old.key' },
        dir,
      );
      expect(config.previousMasterKeys).toEqual({ kind: 'file', path: join(dir, 'old.key') });
      expect(createKeyVault(config).vault.previousKeyIds).toEqual([idOf(a)]);

      writeFileSync(join(dir, 'old.key'), `${a}\n${b}\n`);
      expect(createKeyVault(config).vault.previousKeyIds).toEqual([idOf(a), idOf(b)]);
    });

    it('names the variable and the file when it is missing, empty or wrong, never the key', () => {
      const config = (file: string) =>
        loadConfig({ ZATCA_MASTER_KEY: current, ZATCA_MASTER_KEY_PREVIOUS_FILE: file }, dir);
      expect(() => createKeyVault(config('nope.key'))).toThrow(
        /^ZATCA_MASTER_KEY_PREVIOUS_FILE: cannot read .*nope\.key/,
      );
      writeFileSync(join(dir, 'empty.key'), '\n');
      expect(() => createKeyVault(config('empty.key'))).toThrow(
        `ZATCA_MASTER_KEY_PREVIOUS_FILE: ${join(dir, 'empty.key')}: holds no key`,
      );
      const short = Buffer.alloc(31, 2).toString('base64');
      writeFileSync(join(dir, 'short.key'), `${a}\n${short}\n`);
      let message = '';
      try {
        createKeyVault(config('short.key'));
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(
        `ZATCA_MASTER_KEY_PREVIOUS_FILE: ${join(dir, 'short.key')}: key 2 of 2: ` +
          'expected base64 of 32 bytes, got 31 bytes',
      );
    });
  });
});
