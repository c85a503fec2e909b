import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { WriteBackEntity } from '../../../src/connectors/entities/write-back.entity';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { kitAroundEachTest, until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import type { TestBackend } from '../../support/database';
import { odooSetup } from './odoo-erp';

/** More result writes than any scenario makes: Odoo refuses them all until told otherwise. */
export const REFUSE_ALL_WRITES = 1_000;

/**
 * The host with the Odoo connector (a fake Odoo 17, connection `erp-1`) around each test of the
 * calling describe block, and what the write-back tests look at. Read it inside tests.
 */
export function odooHostAroundEachTest(backend: TestBackend) {
  const host = kitAroundEachTest(backend, odooSetup({ version: 17 }));
  const odooOf = (k: KitContext) => (k.erp as typeof k.erp & { odoo: FakeOdoo }).odoo;
  const writeBacks = () => host.k.app.get(DataSource).getRepository(WriteBackEntity);
  const invoices = (id: number) =>
    host.k.app
      .get(DataSource)
      .getRepository(InvoiceEntity)
      .findBy({ source: 'connector:erp-1', recordId: String(id) });
  /** The chatter notes the connector posted on the move: one per result it wrote. */
  const chatter = (id: number) =>
    [...odooOf(host.k).table('mail.message').values()]
      .filter((m) => m.model === 'account.move' && m.res_id === id)
      .map((m) => String(m.body));
  return {
    get k(): KitContext {
      return host.k;
    },
    get odoo(): FakeOdoo {
      return odooOf(host.k);
    },
    move: (id: number) => odooOf(host.k).table('account.move').get(id)!,
    writeBacks,
    chatter,
    /** The record's audit entries of one action, with their data. */
    audited: async (id: number, action: string) =>
      (
        await host.k.app
          .get(AuditTrail)
          .list({ subjectType: 'erp-record', subjectId: `erp-1/${id}` })
      )
        .filter((e) => e.action === action)
        .map((e) => ({
          stream: e.stream,
          data: JSON.parse(e.dataJson) as Record<string, unknown>,
        })),
    /** The invoices made from the record (one at most, or something was submitted twice). */
    invoices,
    /**
     * The record became one invoice with ICV `icv`, sent to ZATCA once, and Odoo shows it
     * CLEARED; another poll and drain take nothing and write nothing more (our write is no
     * new version).
     */
    expectClearedOnceThenQuiet: async (id: number, icv: number | undefined) => {
      const made = await invoices(id);
      expect(made).toHaveLength(1);
      expect(Number(made[0].attempts)).toBe(1); // sent to ZATCA once, one ICV
      expect(Number(made[0].icv)).toBe(icv);
      expect(await host.k.runner.pollOnce('erp-1')).toBe(0);
      await host.k.outbox.drain();
      expect(chatter(id)).toHaveLength(1);
      expect(host.k.erp.written(String(id)).status).toBe('CLEARED');
    },
    /** Drains until no write-back of the record is left to do. */
    drainAll: (id: number) =>
      until(async () => {
        await host.k.outbox.drain();
        const left = await writeBacks().countBy({ recordId: String(id), state: 'pending' });
        return left === 0 ? true : undefined;
      }),
  };
}
