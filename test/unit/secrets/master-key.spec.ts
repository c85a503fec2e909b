import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { KeyVault } from '../../../src/secrets/key-vault';
import { loadMasterKey } from '../../../src/secrets/master-key';

describe('master key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zatca-master-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once on first start of the embedded default, owner-readable only', () => {
    const path = join(dir, 'data', 'master.key');
    const first = loadMasterKey({ kind: 'file', path, createIfMissing: true });
    expect(first.createdFile).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ kind: 'file', path, createIfMissing: true });
    expect(again.createdFile).toBeUndefined();
    expect(again.keyId).toBe(first.keyId);
    // The key never prints.
    expect(inspect(first)).not.toContain(readFileSync(path, 'utf8').trim());
    expect(JSON.stringify(first)).toContain('[redacted]');
  });

  it('names ZATCA_MASTER_KEY_FILE when the file is missing or wrong', () => {
    expect(() =>
      loadMasterKey({ kind: 'file', path: join(dir, 'nope'), createIfMissing: false }),
    ).toThrow(/^ZATCA_MASTER_KEY_FILE: .*nope does not exist/);
    const short = join(dir, 'short.key');
    writeFileSync(short, Buffer.alloc(16).toString('base64'));
    expect(() => loadMasterKey({ kind: 'file', path: short, createIfMissing: false })).toThrow(
      'expected base64 of 32 bytes, got 16 bytes',
    );
  });

  it('seals with a fresh IV each time and opens only for the same owner and purpose', () => {
    const master = loadMasterKey({ kind: 'file', path: join(dir, 'v.key'), createIfMissing: true });
    const vault = new KeyVault(master);
    const context = { ownerId: 'unit-1', purpose: 'egs-private-key:k1' };
    const a = vault.seal(Buffer.from('secret'), context);
    const b = vault.seal(Buffer.from('secret'), context);
    expect(a).not.toBe(b);
    expect(vault.open(a, context).toString()).toBe('secret');
    expect(() => vault.open(a, { ...context, purpose: 'csid-secret:x' })).toThrow(
      /integrity check failed/,
    );
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    expect(() => vault.open(tampered, context)).toThrow(/integrity check failed/);
  });
});
