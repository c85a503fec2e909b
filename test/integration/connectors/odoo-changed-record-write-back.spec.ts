import { ConnectionsService } from '../../../src/connectors/runner/connections.service';
import { RecordsService } from '../../../src/connectors/runner/records.service';
import { until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { backends } from '../../support/database';
import { odooHostAroundEachTest, REFUSE_ALL_WRITES } from './odoo-host-probes';

/**
 * A write-back must not hide an ERP change it did not make: the version after our write is
 * kept as our own echo only when the record was at a version we knew just before it, and an
 * error is not written at all over a record changed since it was refused. Odoo through the
 * whole host (polling only), on SQLite and MariaDB.
 */
describe.each(backends)('write-backs over records changed in Odoo, on $name', (backend) => {
  const host = odooHostAroundEachTest(backend);
  let k: KitContext;
  let odoo: FakeOdoo;
  beforeEach(() => ({ k, odoo } = host));
  const { move, writeBacks: rows, chatter, invoices, drainAll, expectClearedOnceThenQuiet } = host;
  const audited = async (id: number, action: string) =>
    (await host.audited(id, action)).map((e) => e.data);
  /** What the next poll makes of the record at the version Odoo shows now. */
  const ingestNow = async (id: number) =>
    k.runner.ingest(await k.app.get(ConnectionsService).get('erp-1'), {
      recordId: String(id),
      version: String(move(id).write_date),
    });
  /** The accountant puts the 15% tax on the lines (reset to draft, edit, post again). */
  const fix = (id: number) => {
    for (const lineId of move(id).invoice_line_ids as number[]) {
      odoo.table('account.move.line').get(lineId)!.tax_ids = [1];
    }
    move(id).write_date = odoo.tick();
    return String(move(id).write_date);
  };

  /** The fixed invoice is taken by the next poll, cleared once and shown CLEARED in Odoo. */
  const expectFixedAndCleared = async (id: number, refusedAt: string, fixedAt: string) => {
    const reason =
      `the record changed in the ERP since it was refused (error queued for ERP version ` +
      `${refusedAt}, the record is at ${fixedAt}); the next poll takes it`;
    expect(await rows().findOneByOrFail({ id: `erp-1/${id}/error:${refusedAt}` })).toMatchObject({
      state: 'done',
      lastError: `skipped: ${reason}`,
    });
    expect(await audited(id, 'write-back.skipped')).toEqual([{ what: 'error', reason }]);
    expect(move(id).x_zatca_status).toBeUndefined();
    expect(move(id).write_date).toBe(fixedAt); // nothing of ours landed on the fix

    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const submitted = await until(async () => {
      const status = await k.status(String(id));
      return status.invoice?.state === 'cleared' ? status : undefined;
    });
    expect(submitted).toMatchObject({ state: 'submitted', erpVersion: fixedAt });
    await drainAll(id);
    expect(k.erp.written(String(id))).toMatchObject({
      status: 'CLEARED',
      uuid: submitted.invoice!.uuid,
      attachments: 1,
    });
    expect(chatter(id)).toEqual([expect.stringMatching(/^ZATCA: CLEARED\. /)]);
    // Our CLEARED write landed on the version we submitted: its echo is ours, nothing more.
    expect(await ingestNow(id)).toBe('already-submitted');
    await expectClearedOnceThenQuiet(id, submitted.invoice!.icv);
  };

  it('does not write an error retried after the accountant fixed the invoice: the fix is taken, cleared once', async () => {
    const id = Number(k.erp.postUnmappable());
    const refusedAt = String(move(id).write_date);
    k.erp.failNextWriteBacks(REFUSE_ALL_WRITES); // Odoo briefly unreachable for writes
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect((await k.status(String(id))).state).toBe('mapping-failed');
    await k.outbox.drain();
    expect(await audited(id, 'write-back.failed')).toHaveLength(1);

    const fixedAt = fix(id);
    k.erp.failNextWriteBacks(0);
    await drainAll(id); // the retry runs before the next poll
    await expectFixedAndCleared(id, refusedAt, fixedAt);
  });

  it('does not write an error queued before the fix when the drain comes before the next poll', async () => {
    const id = Number(k.erp.postUnmappable());
    const refusedAt = String(move(id).write_date);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    const fixedAt = fix(id);
    await drainAll(id);
    expect(await audited(id, 'write-back.failed')).toHaveLength(0);
    await expectFixedAndCleared(id, refusedAt, fixedAt);
  });

  it('still writes an invoice result over a record changed since, without taking the change for its own echo', async () => {
    const id = Number(k.erp.postInvoice());
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const submitted = await until(async () => {
      const status = await k.status(String(id));
      return status.invoice?.state === 'cleared' ? status : undefined;
    });
    move(id).narration = 'delivered to the warehouse'; // an edit the host has not read
    move(id).write_date = odoo.tick();
    await drainAll(id);
    expect(k.erp.written(String(id))).toMatchObject({
      status: 'CLEARED',
      uuid: submitted.invoice!.uuid,
    });
    const record = await k.app.get(RecordsService).find('erp-1', String(id));
    expect(record).toMatchObject({ state: 'submitted', writtenVersion: null });
    // The record is submitted, so the change is seen and still never submitted twice.
    expect(await ingestNow(id)).toBe('already-submitted');
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await invoices(id)).toHaveLength(1);
    expect(k.erp.writeBackCount(String(id))).toBe(1);
  });

  it('takes its own error and invoice write-backs for echoes, not for changes', async () => {
    const id = Number(k.erp.postUnmappable());
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    await drainAll(id);
    expect(k.erp.written(String(id)).status).toBe('ERROR');
    const afterError = String(move(id).write_date);
    expect(await k.app.get(RecordsService).find('erp-1', String(id))).toMatchObject({
      writtenVersion: afterError,
    });
    expect(await ingestNow(id)).toBe('own-write');
    expect(await k.runner.pollOnce('erp-1')).toBe(0);

    // Fixed after our ERROR was written: the fix is the accountant's, taken and cleared.
    fix(id);
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    await until(async () =>
      (await k.status(String(id))).invoice?.state === 'cleared' ? true : undefined,
    );
    await drainAll(id);
    expect(k.erp.written(String(id)).status).toBe('CLEARED');
    expect(await k.app.get(RecordsService).find('erp-1', String(id))).toMatchObject({
      writtenVersion: String(move(id).write_date),
    });
    expect(chatter(id)).toEqual([
      expect.stringMatching(/^ZATCA: ERROR\. /),
      expect.stringMatching(/^ZATCA: CLEARED\. /),
    ]);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    await k.outbox.drain();
    expect(k.erp.writeBackCount(String(id))).toBe(2);
    expect(await invoices(id)).toHaveLength(1);
  });
});
