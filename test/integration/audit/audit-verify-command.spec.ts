import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { buildProgram } from '../../../src/cli/program';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

/** Runs `zatca audit verify` in-process on DATABASE_URL=url; returns stdout and exit code. */
async function auditVerify(url: string, ...args: string[]) {
  const saved = { url: process.env.DATABASE_URL, code: process.exitCode };
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  process.env.DATABASE_URL = url;
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(['node', 'zatca', 'audit', 'verify', ...args]);
    const stdout = write.mock.calls.map((c) => String(c[0])).join('');
    return { stdout, code: process.exitCode ?? 0 };
  } finally {
    write.mockRestore();
    process.env.DATABASE_URL = saved.url;
    process.exitCode = saved.code;
  }
}

describe.each(backends)('zatca audit verify on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await migratedDatabase(backend));
    const trail = new AuditTrail(ds);
    for (let i = 1; i <= 3; i++) {
      await trail.append({
        stream: 'egs:u1',
        action: 'invoice.signed',
        actor: 'system',
        subjectType: 'invoice',
        subjectId: `inv-${i}`,
      });
    }
  });
  afterEach(() => db?.drop());

  it('exits 0 on an intact trail', async () => {
    const { stdout, code } = await auditVerify(db.url);
    expect(code).toBe(0);
    expect(stdout).toMatch(/OK: 3 entries in 1 streams, 0 problems/);
  });

  it('exits 1 and names the broken entry after tampering', async () => {
    await ds.query('DROP TRIGGER audit_entries_no_update');
    await ds.query("UPDATE audit_entries SET actor = 'operator:mallory' WHERE seq = 2");
    const { stdout, code } = await auditVerify(db.url, '--json');
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as { ok: boolean; problems: unknown[] };
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ stream: 'egs:u1', seq: 2, kind: 'hash-mismatch' }),
    ]);
  });
});
