import { OdooConnector } from '../../../connectors/odoo';
import { ConnectorRefusedError } from '../../../src/connectors/connector-errors';
import type { CanonicalMappings } from '../../../src/connectors/mapping/mapping-settings';
import { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { postCreditNote, postInvoice, webhookBody } from '../../fakes/odoo/fake-odoo-records';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CAPTURES = join(__dirname, '..', '..', 'fakes', 'odoo', 'captures');

const mappings = (): CanonicalMappings => ({
  tax: new Map(),
  unit: new Map([['journal:1', { unitId: 'u1' }]]),
  paymentTerms: new Map(),
  uom: new Map(),
  buyerField: new Map(),
});

async function session(options: ConstructorParameters<typeof FakeOdoo>[0] = {}) {
  const odoo = await new FakeOdoo(options).start();
  const s = new OdooConnector().open({
    id: 'c1',
    settings: { url: odoo.url, database: 'zatca', login: 'admin' },
    secret: odoo.apiKey,
  });
  return { odoo, s };
}

/** The parts of a mapped canonical invoice these tests look at. */
interface MappedInvoice {
  subtype: string;
  lines: Array<Record<string, unknown>>;
  buyer: { address: Record<string, unknown> };
  seller: { id: unknown };
  expectedTotals: unknown;
  [field: string]: unknown;
}

describe('Odoo connector specifics', () => {
  it('maps the captured invoice: lines, 10% discount, taxes, buyer KSA fields (Odoo 16, 17, 18)', async () => {
    for (const version of [16, 17, 18] as const) {
      const { odoo, s } = await session({ version });
      const mapped = await s.map(await s.load('2'), mappings());
      const invoice = mapped.invoice as MappedInvoice;
      expect(invoice.subtype).toBe('standard');
      expect(invoice.lines[0]).toMatchObject({
        quantity: '2',
        unitPrice: '100',
        expected: { net: '180.00' },
        allowanceCharges: [{ kind: 'allowance', amount: '20.00' }],
        taxCategory: { code: 'S', rate: '15' },
      });
      expect(invoice.lines[1]).toMatchObject({ quantity: '1.5', unitPrice: '200' });
      expect(invoice.buyer.address).toMatchObject({
        buildingNumber: '4321',
        additionalNumber: '8765',
        district: 'Al Rawdah',
      });
      expect(invoice.seller.id).toEqual({ scheme: 'CRN', value: '1010010000' });
      expect(invoice.expectedTotals).toEqual({
        taxExclusiveAmount: '480.00',
        taxAmount: '72.00',
        taxInclusiveAmount: '552.00',
      });
      await odoo.close();
    }
  });

  it('polls past a batch larger than a page posted in one second: every record once, none lost', async () => {
    const odoo = await new FakeOdoo({}).start();
    const s = new OdooConnector().open({
      id: 'c1',
      settings: { url: odoo.url, database: 'zatca', login: 'admin', pageSize: 50 },
      secret: odoo.apiKey,
    });
    await s.prepare();
    const posted = Array.from({ length: 120 }, () =>
      postInvoice(odoo, { write_date: '2026-11-21 11:00:00' }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await s.poll(cursor);
      seen.push(...result.hints.map((h) => h.recordId));
      if (result.cursor === null || result.cursor === cursor) break;
      cursor = result.cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(posted.map(String)));
    await odoo.close();
  });

  it('probes the renamed partner ID fields of newer trees with fields_get', async () => {
    const { odoo, s } = await session({ version: 19 });
    const invoice = (await s.map(await s.load('2'), mappings())).invoice as MappedInvoice;
    expect(invoice.seller.id).toEqual({ scheme: 'CRN', value: '1010010000' });
    await odoo.close();
  });

  it('links a credit note to its invoice via reversed_entry_id, with the reversal reason', async () => {
    const { odoo, s } = await session();
    const id = postCreditNote(odoo, 2);
    const invoice = (await s.map(await s.load(String(id)), mappings())).invoice as Record<
      string,
      any
    >;
    expect(invoice.kind).toBe('credit-note');
    expect(invoice.billingReferences).toEqual([{ id: 'INV/2026/00002', issueDate: '2026-11-20' }]);
    expect(invoice.noteReason).toBe('Returned goods');
    await odoo.close();
  });

  it('refuses to start while l10n_sa_edi would submit the same invoices, and says how to choose', async () => {
    const { odoo, s } = await session({ l10nSaEdiOnJournal: true });
    await expect(s.prepare()).rejects.toThrow(ConnectorRefusedError);
    await expect(s.prepare()).rejects.toThrow(
      /l10n_sa_edi.*Customer Invoices.*remove-odoo-zatca-from-journals/s,
    );
    await s.prepare({ resolve: 'remove-odoo-zatca-from-journals' });
    expect(odoo.table('account.journal').get(1)!.edi_format_ids).toEqual([]);
    expect([...odoo.table('ir.model.fields').values()].map((f) => f.name)).toContain(
      'x_zatca_status',
    );
    await odoo.close();
  });

  it('ignores the draft webhook delivery and takes the posted one (captured bodies)', async () => {
    const { odoo, s } = await session();
    const [draft, posted] = readFileSync(join(CAPTURES, 'odoo-webhook-deliveries.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse((JSON.parse(l) as { body: string }).body) as unknown);
    expect(s.webhookHints(draft)).toEqual([]);
    expect(s.webhookHints(posted)).toEqual([{ recordId: '4', version: '2026-11-21 10:50:33' }]);
    expect(s.webhookHints(JSON.parse(webhookBody(odoo, 2)))).toHaveLength(1);
    await odoo.close();
  });

  it('maps a wrong API key to a refusal naming the login', async () => {
    const odoo = await new FakeOdoo().start();
    const s = new OdooConnector().open({
      id: 'c1',
      settings: { url: odoo.url, database: 'zatca', login: 'admin' },
      secret: 'wrong',
    });
    await expect(s.prepare()).rejects.toThrow(/refused the login "admin"/);
    await odoo.close();
  });
});
