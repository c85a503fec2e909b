import type { DataSource } from 'typeorm';
import { AuditTrail, GENESIS_HASH } from '../../../src/audit';
import type { AuditVerification } from '../../../src/audit/audit-verify';
import { inTransaction } from '../../../src/database/transactions';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';

const entry = (stream: string, n: number) => ({
  stream,
  action: 'invoice.signed',
  actor: 'system',
  subjectType: 'invoice',
  subjectId: `inv-${n}`,
  data: { n, amount: '115.00' },
});

describe.each(backends)('audit trail on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  let trail: AuditTrail;

  beforeEach(async () => {
    ({ db, ds } = await migratedDatabase(backend));
    trail = new AuditTrail(ds);
  });
  afterEach(() => db?.drop());

  it('chains entries per stream from the genesis hash', async () => {
    const first = await trail.append(entry('egs:u1', 1));
    const second = await trail.append(entry('egs:u1', 2));
    const other = await trail.append(entry('system', 3));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(other).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(first.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await trail.verify()).toEqual({ ok: true, streams: 2, entries: 3, problems: [] });
  });

  it('appends a batch in order with one statement per stream: seq, links and ids as stored', async () => {
    await trail.append(entry('egs:u1', 0));
    const records = await inTransaction(ds, (m) =>
      trail.appendAll([entry('egs:u1', 1), entry('system', 2), entry('egs:u1', 3)], m),
    );
    expect(records.map((r) => [r.stream, r.seq, r.subjectId])).toEqual([
      ['egs:u1', 2, 'inv-1'],
      ['system', 1, 'inv-2'],
      ['egs:u1', 3, 'inv-3'],
    ]);
    expect(records[2].prevHash).toBe(records[0].hash);
    for (const record of records) {
      const [listed] = await trail.list({ subjectType: 'invoice', subjectId: record.subjectId });
      expect(listed).toEqual(record);
    }
    expect(await trail.verify()).toMatchObject({ ok: true, entries: 4, problems: [] });
  });

  it('keeps seq continuous under concurrent appends to one stream and to many', async () => {
    // On MariaDB a second DataSource stands for a second process. SQLite is single-writer: one
    // process, whose transactions inTransaction serialises.
    const other = backend.name === 'mariadb' ? new AuditTrail(await db.connect()) : trail;
    const writes = Array.from({ length: 60 }, (_, i) =>
      (i % 2 ? trail : other).append(entry(i % 3 === 0 ? 'egs:shared' : `egs:u${i % 4}`, i)),
    );
    const records = await Promise.all(writes);
    const result = await trail.verify();
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(60);
    const shared = records.filter((r) => r.stream === 'egs:shared').map((r) => r.seq);
    expect(shared.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('verifies one snapshot: appends running meanwhile are never reported as problems', async () => {
    const other = backend.name === 'mariadb' ? new AuditTrail(await db.connect()) : trail;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) await other.append(entry(`egs:u${i % 3}`, i));
    })();
    const verdicts: AuditVerification[] = [];
    for (let k = 0; k < 30; k++) verdicts.push(await trail.verify());
    writing = false;
    await writer;
    expect(verdicts.flatMap((v) => v.problems)).toEqual([]);
    expect(verdicts.at(-1)!.entries).toBeGreaterThan(verdicts[0].entries);
  });

  it('joins the caller transaction: a rollback leaves no entry and no head move', async () => {
    await trail.append(entry('egs:u1', 1));
    await expect(
      inTransaction(ds, async (m) => {
        await trail.append(entry('egs:u1', 2), m);
        await trail.append(entry('egs:new', 3), m);
        throw new Error('signing failed');
      }),
    ).rejects.toThrow('signing failed');
    const next = await trail.append(entry('egs:u1', 4));
    expect(next.seq).toBe(2);
    // The stream created in the rolled-back transaction is created again.
    expect(await trail.append(entry('egs:new', 5))).toMatchObject({ seq: 1 });
    expect((await trail.verify()).ok).toBe(true);
    expect(await trail.list({ subjectType: 'invoice', subjectId: 'inv-2' })).toEqual([]);
  });

  it('refuses UPDATE and DELETE on audit_entries', async () => {
    await trail.append(entry('egs:u1', 1));
    await expect(ds.query("UPDATE audit_entries SET actor = 'mallory'")).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query('DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
  });

  it('finds a tampered entry, at that entry', async () => {
    for (let i = 1; i <= 5; i++) await trail.append(entry('egs:u1', i));
    await trail.append(entry('system', 9));
    await ds.query('DROP TRIGGER audit_entries_no_update');
    await ds.query(`UPDATE audit_entries SET data = ? WHERE stream = 'egs:u1' AND seq = 3`, [
      '{"amount":"1.00","n":3}',
    ]);
    const result = await trail.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ stream: 'egs:u1', seq: 3, kind: 'hash-mismatch' }),
    ]);
  });

  it('finds a deleted entry and a rewritten tail', async () => {
    for (let i = 1; i <= 4; i++) await trail.append(entry('egs:u1', i));
    await ds.query('DROP TRIGGER audit_entries_no_delete');
    await ds.query(`DELETE FROM audit_entries WHERE stream = 'egs:u1' AND seq = 2`);
    await ds.query(`DELETE FROM audit_entries WHERE stream = 'egs:u1' AND seq = 4`);
    const kinds = (await trail.verify()).problems.map((p) => [p.seq, p.kind]);
    expect(kinds).toEqual([
      [3, 'seq-gap'],
      [3, 'prev-hash-mismatch'],
      [4, 'head-mismatch'],
    ]);
  });

  it('redacts secrets before hashing and storing, at any depth', async () => {
    const record = await trail.append({
      ...entry('system', 1),
      data: {
        otp: '123345',
        headers: { Authorization: 'Basic abc', accept: 'application/json' },
        binarySecurityToken: 'TUlJQ...',
        client_secret: 's3cr3t',
        nested: [{ privateKey: '-----BEGIN', password: 'p' }],
        invoiceHash: 'keep-me',
      },
    });
    const stored = JSON.parse(record.dataJson) as Record<string, unknown>;
    expect(stored).toEqual({
      otp: '[redacted]',
      headers: { Authorization: '[redacted]', accept: 'application/json' },
      binarySecurityToken: '[redacted]',
      client_secret: '[redacted]',
      nested: [{ privateKey: '[redacted]', password: '[redacted]' }],
      invoiceHash: 'keep-me',
    });
    const [row]: Array<{ data: string }> = await ds.query('SELECT data FROM audit_entries');
    expect(row.data).toBe(record.dataJson);
    expect(row.data).not.toMatch(/123345|Basic abc|s3cr3t|BEGIN|TUlJQ/);
    expect((await trail.verify()).ok).toBe(true);
  });

  it('lists the entries of one subject, oldest first', async () => {
    await trail.append(entry('egs:u1', 1));
    await trail.append({ ...entry('egs:u1', 1), action: 'invoice.cleared' });
    await trail.append(entry('egs:u1', 2));
    const list = await trail.list({ subjectType: 'invoice', subjectId: 'inv-1' });
    expect(list.map((r) => r.action)).toEqual(['invoice.signed', 'invoice.cleared']);
  });
});
