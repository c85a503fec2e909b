import { until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { backends } from '../../support/database';
import { odooHostAroundEachTest, REFUSE_ALL_WRITES } from './odoo-host-probes';

/**
 * An error write-back that could not be done at once must not reach the ERP after the record
 * moved on: fixed and submitted since, or refused again for a newer version. The Odoo record
 * ends showing its real state. Odoo through the whole host (polling only), SQLite and MariaDB.
 */
describe.each(backends)('stale error write-backs, Odoo in the host on $name', (backend) => {
  const host = odooHostAroundEachTest(backend);
  let k: KitContext;
  let odoo: FakeOdoo;
  beforeEach(() => ({ k, odoo } = host));
  const { move, writeBacks: rows, chatter, audited, drainAll, expectClearedOnceThenQuiet } = host;

  it('skips the error queued before the accountant fixed the invoice: Odoo ends CLEARED, submitted once', async () => {
    const id = Number(k.erp.postUnmappable());
    const refusedAt = String(move(id).write_date);
    const errorRow = `erp-1/${id}/error:${refusedAt}`;
    k.erp.failNextWriteBacks(REFUSE_ALL_WRITES);

    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect((await k.status(String(id))).state).toBe('mapping-failed');
    await k.outbox.drain();
    expect(await rows().findOneByOrFail({ id: errorRow })).toMatchObject({
      state: 'pending',
      what: 'error',
    });
    expect(await audited(id, 'write-back.failed')).toHaveLength(1);

    // The accountant puts the 15% tax on the lines (reset to draft, edit, post again).
    for (const lineId of move(id).invoice_line_ids as number[]) {
      odoo.table('account.move.line').get(lineId)!.tax_ids = [1];
    }
    move(id).write_date = odoo.tick();
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const submitted = await until(async () => {
      const status = await k.status(String(id));
      return status.invoice?.state === 'cleared' ? status : undefined;
    });
    expect(submitted.state).toBe('submitted');
    await k.outbox.drain(); // Odoo still refuses: both rows wait for their retry
    expect(move(id).x_zatca_status).toBeUndefined();

    k.erp.failNextWriteBacks(0);
    await drainAll(id);
    expect(k.erp.written(String(id))).toMatchObject({
      status: 'CLEARED',
      uuid: submitted.invoice!.uuid,
      attachments: 1,
    });
    expect(chatter(id)).toEqual([expect.stringMatching(/^ZATCA: CLEARED\. /)]);
    const stale = await rows().findOneByOrFail({ id: errorRow });
    expect(stale).toMatchObject({
      state: 'done',
      lastError: `skipped: the record was submitted since (error queued for ERP version ${refusedAt})`,
    });
    expect(await audited(id, 'write-back.skipped')).toEqual([
      {
        stream: 'connectors',
        data: {
          what: 'error',
          reason: `the record was submitted since (error queued for ERP version ${refusedAt})`,
        },
      },
    ]);
    await expectClearedOnceThenQuiet(id, submitted.invoice!.icv);
  });

  it('writes only the newest of two refusals of one invoice', async () => {
    const id = Number(k.erp.postUnmappable());
    const first = String(move(id).write_date);
    k.erp.failNextWriteBacks(REFUSE_ALL_WRITES);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    await k.outbox.drain();

    // Edited, still with the 12% tax: refused again, for the new version.
    move(id).ref = 'PO-7781 (corrected)';
    move(id).write_date = odoo.tick();
    const second = String(move(id).write_date);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    const refused = await k.status(String(id));
    expect(refused).toMatchObject({ state: 'mapping-failed', erpVersion: second });

    k.erp.failNextWriteBacks(0);
    await drainAll(id);
    expect(chatter(id)).toEqual([expect.stringMatching(/^ZATCA: ERROR\. /)]);
    expect(k.erp.written(String(id)).status).toBe('ERROR');
    expect(k.erp.written(String(id)).message).toContain(refused.errors[0].field);
    expect(await rows().findOneByOrFail({ id: `erp-1/${id}/error:${second}` })).toMatchObject({
      state: 'done',
      lastError: null,
    });
    const reason = `error queued for ERP version ${first}, the record was refused again at ${second}`;
    expect(await rows().findOneByOrFail({ id: `erp-1/${id}/error:${first}` })).toMatchObject({
      state: 'done',
      lastError: `skipped: ${reason}`,
    });
    expect(await audited(id, 'write-back.skipped')).toEqual([
      { stream: 'connectors', data: { what: 'error', reason } },
    ]);
    expect(await audited(id, 'write-back.done')).toHaveLength(1);
  });
});
