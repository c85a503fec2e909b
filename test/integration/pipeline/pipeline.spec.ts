import type { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { verifyChains } from '../../../src/chain/chain-verifier';
import { INITIAL_PIH } from '../../../src/core/ubl';
import { DeadLetterService } from '../../../src/invoices/dead-letter.service';
import { IntakeService } from '../../../src/invoices/intake.service';
import { IntakeConflictError, InvalidInvoiceError } from '../../../src/invoices/intake-errors';
import { InvoiceStatusService } from '../../../src/invoices/invoice-status.service';
import type { InvoiceResult } from '../../../src/invoices/invoice-result';
import type { RunningSimulator } from '../../../src/simulator/standalone';
import { readArchived } from '../../support/archive';
import { backends, type TestDatabase } from '../../support/database';
import {
  canonicalInvoice,
  fastSimulator,
  startPipelineApp,
  testPipelineConfig,
} from '../../support/pipeline-harness';
import { SimulatorEgsProvider } from '../../support/simulator-egs-provider';

async function until<T>(probe: () => Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(backends)('invoice pipeline on $name', (backend) => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let egs: SimulatorEgsProvider;
  let app: INestApplication;
  let intake: IntakeService;
  let status: InvoiceStatusService;
  let ds: DataSource;
  const archiveDir = testPipelineConfig().archiveDir;

  beforeAll(async () => {
    sim = await fastSimulator();
    egs = new SimulatorEgsProvider(sim.url);
    await egs.onboard('u1');
    await egs.onboard('u2');
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    db = await backend.create();
    app = await startPipelineApp(db, egs, testPipelineConfig({ archiveDir }));
    intake = app.get(IntakeService);
    status = app.get(InvoiceStatusService);
    ds = app.get(DataSource);
  });
  afterEach(async () => {
    sim.simulator.faults.update({
      serverErrorRate: 0,
      timeoutRate: 0,
      rateLimitRate: 0,
      clearanceOff: false,
    });
    await app?.close();
    await db?.drop();
  });

  const submit = (
    recordId: string,
    fixture: 'simplified-invoice' | 'standard-invoice',
    unitId = 'u1',
    extra = {},
  ) =>
    intake.submit({ source: 'erp', recordId, unitId, invoice: canonicalInvoice(fixture, extra) });

  const settled = (uuid: string) =>
    until(async () => {
      const inv = await status.invoice(uuid);
      return inv && inv.state !== 'pending' ? inv : undefined;
    });

  it('clears a standard invoice within the wait, archives it under the spec 8.5 name, and chains from the initial PIH', async () => {
    const result = await submit('r1', 'standard-invoice');
    expect(result).toMatchObject({
      state: 'cleared',
      zatcaStatus: expect.stringMatching(/PASS|WARNING/) as unknown,
      icv: 1,
      replayed: false,
    });
    expect(result.clearedInvoice).toBeTruthy();
    const [row]: Array<{ pih: string; archived_path: string; cleared_xml: string }> =
      await ds.query('SELECT pih, archived_path, cleared_xml FROM invoices');
    expect(row.pih).toBe(INITIAL_PIH);
    // The default archive: the cleared copy in today's tar segment, under its spec 8.5 name.
    const [segment, name] = row.archived_path.split('#');
    expect(existsSync(segment)).toBe(true);
    expect(basename(segment)).toMatch(/^\d{4}-\d\d-\d\d_.+\.tar$/);
    expect(name).toMatch(/^399999999900003_\d{8}T\d{6}_INV-[0-9a-f]{8}\.xml$/);
    // The answer, the archive and the database hold the same document, Arabic text included.
    expect(row.cleared_xml).toContain('الرياض');
    expect(readArchived(row.archived_path)).toBe(row.cleared_xml);
    expect(Buffer.from(result.clearedInvoice!, 'base64').toString('utf8')).toBe(row.cleared_xml);
    const history = (await status.invoice(result.uuid))!.history.map((h) => h.action);
    expect(history).toEqual(['invoice.signed', 'invoice.cleared']);
  });

  it('answers a simplified invoice at once with its QR, then reports it; the next one chains on its hash', async () => {
    const first = await submit('r1', 'simplified-invoice');
    expect(first.qr.length).toBeGreaterThan(100);
    expect(first.reportingDeadline).toBeTruthy();
    const second = await submit('r2', 'simplified-invoice');
    expect(second.icv).toBe(2);
    const [row]: Array<{ pih: string }> = await ds.query('SELECT pih FROM invoices WHERE icv = 2');
    expect(row.pih).toBe(first.invoiceHash);
    expect((await settled(first.uuid)).state).toBe('reported');
    expect((await settled(second.uuid)).state).toBe('reported');
  });

  it("returns the pre-flight's ZATCA warnings with the answer: a simplified invoice over 24 hours old (BR-KSA-98)", async () => {
    const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const late = await submit('r1', 'simplified-invoice', 'u1', { issuedAt: dayAgo });
    expect(late.preflightWarnings).toEqual([
      expect.objectContaining({ code: 'BR-KSA-98', field: 'invoice.issuedAt' }),
    ]);
    const onTime = await submit('r2', 'simplified-invoice');
    expect(onTime.preflightWarnings).toBeUndefined();
  });

  it('takes one key once, even when sent concurrently, and never gives a second ICV', async () => {
    const invoice = canonicalInvoice('simplified-invoice');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        intake.submit({ source: 'erp', recordId: 'same', unitId: 'u1', invoice }),
      ),
    );
    expect(new Set(results.map((r) => r.uuid)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [{ n }]: Array<{ n: number | string }> = await ds.query(
      'SELECT COUNT(*) AS n FROM invoices',
    );
    expect(Number(n)).toBe(1);
  });

  const burst = (
    invoices: Array<Record<string, unknown>>,
    prefix: string,
    unitOf: (n: number) => string = () => 'u1',
  ) =>
    Promise.allSettled(
      invoices.map((invoice, n) =>
        intake.submit({
          source: 'erp',
          recordId: `${prefix}-${n}`,
          unitId: unitOf(n),
          invoice,
          waitMs: 0,
        }),
      ),
    );
  const icvsOf = (results: PromiseSettledResult<InvoiceResult>[]) =>
    results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.icv] : [])).sort((a, b) => a - b);

  it('signs a burst of one unit in shared transactions, with no ICV gap', async () => {
    const results = await burst(
      Array.from({ length: 30 }, () => canonicalInvoice('simplified-invoice')),
      'burst',
    );
    expect(icvsOf(results)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Entries of one signing transaction share its timestamp: fewer transactions than documents.
    const signed: Array<{ at: string }> = await ds.query(
      "SELECT at FROM audit_entries WHERE action = 'invoice.signed'",
    );
    expect(signed).toHaveLength(30);
    expect(new Set(signed.map((e) => e.at)).size).toBeLessThan(30);
    expect((await verifyChains(ds)).problems).toEqual([]);
  });

  it('signs a burst of two units in shared transactions: each unit keeps its own gapless chain', async () => {
    const results = await burst(
      Array.from({ length: 30 }, () => canonicalInvoice('simplified-invoice')),
      'two-units',
      (n) => (n % 2 === 0 ? 'u1' : 'u2'),
    );
    const byUnit = (unit: string) =>
      results
        .flatMap((r) => (r.status === 'fulfilled' && r.value.unitId === unit ? [r.value.icv] : []))
        .sort((a, b) => a - b);
    const fifteen = Array.from({ length: 15 }, (_, i) => i + 1);
    expect([byUnit('u1'), byUnit('u2')]).toEqual([fifteen, fifteen]);
    // One signing transaction stamps its entries with one time: some carry both units' entries.
    const signed: Array<{ at: string; stream: string }> = await ds.query(
      "SELECT at, stream FROM audit_entries WHERE action = 'invoice.signed'",
    );
    const streamsAt = new Map<string, Set<string>>();
    for (const e of signed) streamsAt.set(e.at, (streamsAt.get(e.at) ?? new Set()).add(e.stream));
    expect([...streamsAt.values()].some((streams) => streams.size === 2)).toBe(true);
    expect((await verifyChains(ds)).problems).toEqual([]);
    expect((await app.get(AuditTrail).verify()).problems).toEqual([]);
  });

  it('fails only the document that reuses a UUID when its burst is signed together', async () => {
    const invoices = Array.from({ length: 20 }, () => canonicalInvoice('simplified-invoice'));
    invoices[14] = { ...invoices[14], uuid: invoices[4].uuid };
    const results = await burst(invoices, 'reuse');
    const refused = results.flatMap((r, n) => (r.status === 'rejected' ? [[n, r.reason]] : []));
    // Whichever of the two reaches the chain second is refused, and nothing else.
    expect(refused).toHaveLength(1);
    expect([4, 14]).toContain(refused[0][0]);
    expect(refused[0][1]).toBeInstanceOf(IntakeConflictError);
    expect((refused[0][1] as IntakeConflictError).errors[0].field).toBe('invoice.uuid');
    expect(icvsOf(results)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect((await verifyChains(ds)).problems).toEqual([]);
  });

  it('refuses an invalid invoice with field-level errors and consumes nothing', async () => {
    const bad = canonicalInvoice('simplified-invoice', {
      expectedTotals: { taxAmount: '99.99', taxInclusiveAmount: '231.15' },
    });
    const err = await intake
      .submit({ source: 'erp', recordId: 'bad', unitId: 'u1', invoice: bad })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInvoiceError);
    expect((err as InvalidInvoiceError).errors[0].field).toBe('invoice.expectedTotals.taxAmount');
    const missing = await intake
      .submit({ source: 'erp', recordId: 'bad2', unitId: 'u1', invoice: { ...bad, uuid: 'x' } })
      .catch((e: unknown) => e);
    expect((missing as InvalidInvoiceError).errors.map((e) => e.field)).toContain('invoice.uuid');
    const good = await submit('good', 'simplified-invoice');
    expect(good.icv).toBe(1);
  });

  it('survives 50% server errors and 20% timeouts: every invoice ends reported or cleared exactly once, no ICV gap', async () => {
    sim.simulator.faults.update({ serverErrorRate: 0.5, timeoutRate: 0.2, timeoutHoldMs: 1500 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        submit(
          `f${i}`,
          i % 2 ? 'simplified-invoice' : 'standard-invoice',
          i % 3 ? 'u1' : 'u2',
          {},
        ).then((r) => r),
      ),
    );
    const final = await Promise.all(results.map((r: InvoiceResult) => settled(r.uuid)));
    expect(final.every((f) => f.state === 'cleared' || f.state === 'reported')).toBe(true);
    const icvs: Array<{ unit_id: string; icvs: string }> = await ds.query(
      'SELECT unit_id, COUNT(*) AS n, MIN(icv) AS lo, MAX(icv) AS hi FROM invoices GROUP BY unit_id',
    );
    for (const u of icvs as unknown as Array<{
      n: string | number;
      lo: string | number;
      hi: string | number;
    }>) {
      expect([Number(u.lo), Number(u.hi)]).toEqual([1, Number(u.n)]);
    }
    expect((await status.status()).queue.total).toBe(0);
    expect((await app.get(AuditTrail).verify()).ok).toBe(true);
    expect(await verifyChains(ds)).toMatchObject({ ok: true, problems: [] });
  });

  it('dead-letters a rejected invoice, keeps its ICV in the chain, and takes a corrected one that references it', async () => {
    const rejected = await submit('r1', 'standard-invoice', 'u1', { id: 'REJECT-ME-1' });
    expect(rejected).toMatchObject({ state: 'dead-letter', deadReason: 'rejected' });
    expect(rejected.messages[0]).toMatchObject({ code: 'BR-KSA-TEST' });
    await expect(app.get(DeadLetterService).replay(rejected.uuid, 'operator:test')).rejects.toThrow(
      /corrected document/,
    );
    const fixed = await intake.submit({
      source: 'erp',
      recordId: 'r1-fixed',
      unitId: 'u1',
      correctsUuid: rejected.uuid,
      invoice: canonicalInvoice('standard-invoice'),
    });
    expect(fixed).toMatchObject({ icv: 2, state: 'cleared', correctsUuid: rejected.uuid });
    const [row]: Array<{ pih: string }> = await ds.query('SELECT pih FROM invoices WHERE icv = 2');
    expect(row.pih).toBe(rejected.invoiceHash);
    expect((await status.invoice(rejected.uuid))!.state).toBe('superseded');
  });

  it('dead-letters on 401 and replays the identical bytes once the credentials work again', async () => {
    const other = new SimulatorEgsProvider(sim.url);
    const unit = await other.onboard('u9');
    egs['units'].set('u9', { ...unit });
    egs.breakCredentials('u9');
    const result = await submit('r1', 'standard-invoice', 'u9');
    expect(result).toMatchObject({ state: 'dead-letter', deadReason: 'unauthorized' });
    expect((await status.deadLetters()).map((d) => d.uuid)).toEqual([result.uuid]);
    egs['units'].set('u9', unit);
    await app.get(DeadLetterService).replay(result.uuid, 'operator:test');
    const final = await settled(result.uuid);
    expect(final.state).toBe('cleared');
    expect(final.history.map((h) => h.action)).toEqual([
      'invoice.signed',
      'invoice.dead-lettered',
      'invoice.replayed',
      'invoice.cleared',
    ]);
  });
});
