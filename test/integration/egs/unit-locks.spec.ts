import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { EgsConflictError } from '../../../src/egs/egs-errors';
import { UnitLeases } from '../../../src/egs/units/unit-leases';
import { UnitLocks } from '../../../src/egs/units/unit-locks';
import { backends, type TestDatabase } from '../../support/database';
import { until } from '../../support/wait';

// Real databases on a shared machine: more than Jest's 5 s default.
jest.setTimeout(30_000);

const UNIT = '11111111-1111-4111-8111-111111111111';
const OTHER_UNIT = '22222222-2222-4222-8222-222222222222';

/** A promise the test settles when it chooses: the work of the first holder. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** UnitLocks across processes: each DataSource here stands for another process or host. */
describe.each(backends)('unit locks across processes on $name', (backend) => {
  let db: TestDatabase;
  let first: DataSource;
  let second: DataSource;
  let warnings: jest.SpyInstance;

  beforeEach(async () => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    db = await backend.create();
    await prepareDatabase(db.config);
    first = await db.connect();
    second = await db.connect();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await db?.drop();
  });

  const rows = (ds: DataSource = first) =>
    ds.query<Array<{ unit_id: string; operation: string; token: string; expires_at: string }>>(
      'SELECT unit_id, operation, token, expires_at FROM egs_unit_operations',
    );

  const insertLease = (unitId: string, token: string, expiresAt: Date) =>
    first.query(
      'INSERT INTO egs_unit_operations (unit_id, operation, token, owner, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [
        unitId,
        'renewal',
        token,
        'crashed-host pid 4242',
        new Date(expiresAt.getTime() - 15 * 60_000).toISOString(),
        expiresAt.toISOString(),
      ],
    );

  it('refuses the same unit to another process while one runs, not another unit, and frees it after', async () => {
    const a = new UnitLocks(first);
    const b = new UnitLocks(second);
    const work = gate();
    const running = a.run(UNIT, 'onboarding', () => work.promise.then(() => 'done'));
    await until(async () => ((await rows()).length === 1 ? true : undefined), 10_000, 'the lease');

    const refused = b.run(UNIT, 'renewal', () => Promise.resolve('ran'));
    await expect(refused).rejects.toBeInstanceOf(EgsConflictError);
    await expect(refused).rejects.toThrow(
      /an onboarding of this unit is already running \(since .+, by .+ pid \d+\); if that process died, the unit frees itself at /,
    );
    // The same process is refused at once too.
    await expect(a.run(UNIT, 'renewal', () => Promise.resolve('ran'))).rejects.toThrow(
      EgsConflictError,
    );
    await expect(b.run(OTHER_UNIT, 'renewal', () => Promise.resolve('other'))).resolves.toBe(
      'other',
    );

    work.open();
    await expect(running).resolves.toBe('done');
    expect(await rows()).toEqual([]);
    await expect(b.run(UNIT, 'renewal', () => Promise.resolve('ran'))).resolves.toBe('ran');
    expect(await rows()).toEqual([]);
  });

  it('takes over an expired lease left by a crashed process, never an unexpired one', async () => {
    const b = new UnitLocks(second);
    await insertLease(UNIT, 'crashed-expired', new Date(Date.now() - 1000));
    await insertLease(OTHER_UNIT, 'alive-elsewhere', new Date(Date.now() + 10 * 60_000));

    let tokenDuringWork: string | undefined;
    await expect(
      b.run(UNIT, 'onboarding', async () => {
        const [row] = (await rows()).filter((r) => r.unit_id === UNIT);
        tokenDuringWork = row.token;
        return row.operation;
      }),
    ).resolves.toBe('onboarding');
    expect(tokenDuringWork).not.toBe('crashed-expired');
    expect(warnings).toHaveBeenCalledWith(
      expect.stringMatching(/took over the expired renewal lease of crashed-host pid 4242/),
    );

    const work = jest.fn(() => Promise.resolve('ran'));
    await expect(b.run(OTHER_UNIT, 'onboarding', work)).rejects.toThrow(
      /a renewal of this unit is already running .*by crashed-host pid 4242/,
    );
    expect(work).not.toHaveBeenCalled();
    expect(await rows()).toEqual([
      expect.objectContaining({ unit_id: OTHER_UNIT, token: 'alive-elsewhere' }),
    ]);
  });

  it('extends the lease while the work runs longer than it', async () => {
    const times = { leaseMs: 1000, renewEveryMs: 100 };
    const a = new UnitLocks(first, times);
    const b = new UnitLocks(second, times);
    const running = a.run(UNIT, 'renewal', async () => {
      await sleep(2500); // two and a half leases
      await expect(b.run(UNIT, 'renewal', () => Promise.resolve('ran'))).rejects.toThrow(
        /a renewal of this unit is already running/,
      );
      const [row] = await rows();
      return row.expires_at > new Date().toISOString();
    });
    await expect(running).resolves.toBe(true);
    expect(await rows()).toEqual([]);
  });

  it("releases only its own token's row, and the work's error comes out", async () => {
    const a = new UnitLocks(first);
    // Another process took the lease over meanwhile: its row must stay.
    const takenOver = a.run(UNIT, 'renewal', async () => {
      await first.query('UPDATE egs_unit_operations SET token = ? WHERE unit_id = ?', [
        'someone-else',
        UNIT,
      ]);
    });
    await expect(takenOver).resolves.toBeUndefined();
    expect(await rows()).toEqual([expect.objectContaining({ token: 'someone-else' })]);

    const failing = a.run(OTHER_UNIT, 'onboarding', () => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect((await rows()).map((r) => r.unit_id)).toEqual([UNIT]);
  });

  it("a failed release hides neither the work's error nor its result", async () => {
    const a = new UnitLocks(first);
    jest.spyOn(UnitLeases.prototype, 'release').mockRejectedValue(new Error('database went away'));
    await expect(
      a.run(UNIT, 'onboarding', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/could not release/));
    await expect(a.run(OTHER_UNIT, 'renewal', () => Promise.resolve('ok'))).resolves.toBe('ok');
    // The row the release failed to delete holds the unit until it expires.
    await expect(a.run(UNIT, 'renewal', () => Promise.resolve('again'))).rejects.toThrow(
      /an onboarding of this unit is already running/,
    );
  });
});
