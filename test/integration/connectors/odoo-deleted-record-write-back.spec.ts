import { until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { backends } from '../../support/database';
import { odooHostAroundEachTest, REFUSE_ALL_WRITES } from './odoo-host-probes';

/**
 * A result that cannot be written because the ERP record is gone is abandoned, said in the
 * audit trail, and not retried forever; the invoice stays cleared, once. Odoo through the whole
 * host, SQLite and MariaDB.
 */
describe.each(backends)('write-back into a move deleted in Odoo, on $name', (backend) => {
  const host = odooHostAroundEachTest(backend);
  let k: KitContext;
  let odoo: FakeOdoo;
  beforeEach(() => ({ k, odoo } = host));
  const { writeBacks: rows, audited, invoices, drainAll } = host;

  it('abandons the result once, with the reason, and keeps the cleared invoice', async () => {
    const id = Number(k.erp.postInvoice());
    k.erp.failNextWriteBacks(REFUSE_ALL_WRITES); // the result cannot be written at first
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const submitted = await until(async () => {
      const status = await k.status(String(id));
      return status.invoice?.state === 'cleared' ? status : undefined;
    });
    await k.outbox.drain();
    const row = await rows().findOneByOrFail({ recordId: String(id), what: 'invoice' });
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });

    // Meanwhile the move is deleted in Odoo (reset to draft, then deleted).
    odoo.table('account.move').delete(id);
    k.erp.failNextWriteBacks(0);
    await drainAll(id);

    const reason = `account.move ${id} no longer exists in Odoo (deleted)`;
    expect(await rows().findOneByOrFail({ id: row.id })).toMatchObject({
      state: 'abandoned',
      attempts: 2,
      lastError: reason,
    });
    expect(await audited(id, 'write-back.abandoned')).toEqual([
      {
        stream: 'connectors',
        data: { what: 'invoice', invoiceUuid: submitted.invoice!.uuid, reason },
      },
    ]);
    expect((await k.status(String(id))).writeBack).toMatchObject({ state: 'abandoned' });

    // Not tried again; the invoice was cleared once, with one ICV.
    await k.outbox.drain();
    expect(await rows().findOneByOrFail({ id: row.id })).toMatchObject({ attempts: 2 });
    expect(await audited(id, 'write-back.abandoned')).toHaveLength(1);
    const made = await invoices(id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ state: 'cleared', uuid: submitted.invoice!.uuid });
  });
});
