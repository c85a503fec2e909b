import { OdooConnector } from '../../../connectors/odoo';
import type { ConformanceSetup, FakeErp } from '../../connectors/conformance-kit';
import { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { postCreditNote, postInvoice, webhookBody } from '../../fakes/odoo/fake-odoo-records';

/** The fake Odoo as the conformance kit's ERP. */
export async function startFakeOdooErp(
  odoo = new FakeOdoo(),
): Promise<FakeErp & { odoo: FakeOdoo }> {
  await odoo.start();
  const move = (id: string) => odoo.table('account.move').get(Number(id))!;
  return {
    odoo,
    settings: { url: odoo.url, database: 'zatca', login: 'admin', timeoutMs: 2000 },
    apiKey: odoo.apiKey,
    postInvoice: () => String(postInvoice(odoo)),
    postCreditNote: (original) => String(postCreditNote(odoo, Number(original))),
    postUnmappable: () => {
      // A 12% tax: not a ZATCA rate, and no mapping for it.
      odoo.table('account.tax').set(9, {
        id: 9,
        name: '12%',
        amount: 12,
        amount_type: 'percent',
        price_include: false,
        l10n_sa_exemption_reason_code: false,
        l10n_sa_is_retention: false,
        tax_group_id: [1, 'VAT Taxes'],
        type_tax_use: 'sale',
      });
      const id = postInvoice(odoo);
      for (const lineId of move(String(id)).invoice_line_ids as number[]) {
        odoo.table('account.move.line').get(lineId)!.tax_ids = [9];
      }
      return String(id);
    },
    webhookBody: (id) => JSON.parse(webhookBody(odoo, Number(id))) as unknown,
    setReachable: (reachable) => (odoo.down = !reachable),
    failNextWriteBacks: (count) => (odoo.failWriteBacks = count),
    written: (id) => {
      const rec = move(id);
      return {
        status: rec.x_zatca_status as string | undefined,
        uuid: rec.x_zatca_uuid as string | undefined,
        message: rec.x_zatca_message as string | undefined,
        attachments: [...odoo.table('ir.attachment').values()].filter(
          (a) => a.res_model === 'account.move' && a.res_id === Number(id),
        ).length,
      };
    },
    writeBackCount: (id) =>
      odoo.calls.filter(
        (c) =>
          c.model === 'account.move' &&
          c.method === 'write' &&
          (c.args[0] as number[])[0] === Number(id),
      ).length,
    close: () => odoo.close(),
  };
}

/** The conformance kit's setup for Odoo (fresh fake per scenario, journal 1 → the unit). */
export function odooSetup(
  options: ConstructorParameters<typeof FakeOdoo>[0] = {},
): ConformanceSetup {
  return {
    connector: new OdooConnector(),
    startErp: () => startFakeOdooErp(new FakeOdoo(options)),
    mappings: (unitId) => [['unit', 'journal:1', { unitId }]],
  };
}
