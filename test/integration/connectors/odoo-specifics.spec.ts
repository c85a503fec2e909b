import { OdooConnector } from '../../../connectors/odoo';
import {
  ConnectorRefusedError,
  ConnectorSettingsError,
} from '../../../src/connectors/connector-errors';
import type { CanonicalMappings } from '../../../src/connectors/mapping/mapping-settings';
import { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { postCreditNote, postInvoice, webhookBody } from '../../fakes/odoo/fake-odoo-records';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const CAPTURES = join(__dirname, '..', '..', 'fakes', 'odoo', 'captures');

const mappings = (): CanonicalMappings => ({
  tax: new Map(),
  unit: new Map([['journal:1', { unitId: 'u1' }]]),
  paymentTerms: new Map(),
  uom: new Map(),
  buyerField: new Map(),
  subtype: new Map(),
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

describe('Odoo webhook automation rule', () => {
  const URL_A = 'https://zatca.example.com/connectors/c1/webhook/token-a';
  const URL_B = 'https://zatca.example.com/connectors/c1/webhook/token-b';

  it('creates the rule and its webhook action over RPC on 17 and 18, and finds them again by name', async () => {
    for (const version of [17, 18] as const) {
      const { odoo, s } = await session({ version });
      const first = await s.prepare({ webhookUrl: URL_A });
      expect(first).toEqual({
        webhook: { state: 'created', message: expect.stringContaining('sends posted') as unknown },
      });
      const rules = [...odoo.table('base.automation').values()];
      const actions = [...odoo.table('ir.actions.server').values()];
      expect(rules).toEqual([
        expect.objectContaining({
          name: 'ZATCA bridge (c1): posted customer invoice',
          model_id: [427, 'Journal Entry'],
          trigger: 'on_state_set',
          trigger_field_ids: [[6, 0, [2]]],
          trg_selection_field_id: 32,
          filter_domain: "[('move_type', 'in', ['out_invoice', 'out_refund'])]",
          active: true,
        }),
      ]);
      expect(actions).toEqual([
        expect.objectContaining({
          base_automation_id: [rules[0].id, rules[0].name],
          usage: 'base_automation',
          state: 'webhook',
          webhook_url: URL_A,
          webhook_field_ids: [[6, 0, [1, 2, 3, 4, 5]]],
        }),
      ]);

      // Reconnecting: nothing new. A new URL (token or public URL changed): written in place.
      expect((await s.prepare({ webhookUrl: URL_A }))?.webhook?.state).toBe('unchanged');
      expect((await s.prepare({ webhookUrl: URL_B }))?.webhook?.state).toBe('updated');
      expect(odoo.table('base.automation').size).toBe(1);
      expect(odoo.table('ir.actions.server').size).toBe(1);
      expect(actions[0].webhook_url).toBe(URL_B);
      await odoo.close();
    }
  });

  it('skips it on Odoo 16 (no webhook actions) and without a public URL, saying so', async () => {
    const old = await session({ version: 16 });
    expect((await old.s.prepare({ webhookUrl: URL_A }))?.webhook).toEqual({
      state: 'skipped',
      message: expect.stringMatching(/Odoo 16 has no webhook actions.*polls/) as unknown,
    });
    expect(old.odoo.calls.some((c) => c.model === 'base.automation')).toBe(false);
    await old.odoo.close();

    const { odoo, s } = await session({ version: 17 });
    expect((await s.prepare({ webhookUrl: null }))?.webhook).toEqual({
      state: 'skipped',
      message: expect.stringContaining(
        'no public base URL for this host (CONNECTOR_PUBLIC_URL)',
      ) as unknown,
    });
    expect(odoo.table('base.automation').size).toBe(0);
    await odoo.close();
  });

  it('skips it when base_automation is not installed, and leaves an archived rule archived', async () => {
    const bare = await session({ withoutAutomation: true });
    expect((await bare.s.prepare({ webhookUrl: URL_A }))?.webhook).toMatchObject({
      state: 'skipped',
      message: expect.stringContaining('(base_automation) is not installed') as unknown,
    });
    await bare.odoo.close();

    const { odoo, s } = await session();
    await s.prepare({ webhookUrl: URL_A });
    const [rule] = odoo.table('base.automation').values();
    rule.active = false;
    expect((await s.prepare({ webhookUrl: URL_B }))?.webhook).toMatchObject({
      state: 'skipped',
      message: expect.stringContaining('is archived in Odoo') as unknown,
    });
    expect(odoo.table('base.automation').size).toBe(1);
    expect(rule.active).toBe(false);
    await odoo.close();
  });

  it('has the fake deliver like Odoo 17: a draft then the posted body, unsigned, shaped as captured', async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    const { odoo, s } = await session();
    await s.prepare({ webhookUrl: `http://127.0.0.1:${port}/hook` });
    const id = postInvoice(odoo);
    await odoo.deliveriesSettled();
    receiver.close();

    const captured = readFileSync(join(CAPTURES, 'odoo-webhook-deliveries.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { headers: Record<string, string>; body: string });
    expect(received).toHaveLength(2);
    for (const [i, delivery] of received.entries()) {
      expect(delivery.headers['content-type']).toBe(captured[i].headers['content-type']);
      expect(delivery.headers['user-agent']).toBe(captured[i].headers['user-agent']);
      // The same keys in the same (sorted) order, the same separators and value types.
      const shape = (body: string) =>
        body.replace(
          /: ("[^"]*"|[^,}]+)/g,
          (_m, v: string) => `: ${v.startsWith('"') ? 'S' : /\./.test(v) ? 'F' : 'I'}`,
        );
      expect(shape(delivery.body).replace(/"_action": S/, '')).toBe(
        shape(captured[i].body).replace(/"_action": S/, ''),
      );
    }
    expect(s.webhookHints(JSON.parse(received[0].body))).toEqual([]);
    expect(s.webhookHints(JSON.parse(received[1].body))).toEqual([
      { recordId: String(id), version: odoo.table('account.move').get(id)!.write_date },
    ]);
    expect(odoo.deliveries.map((d) => d.status)).toEqual([202, 202]);
    await odoo.close();
  });
});

describe('Odoo connection check (PATCH)', () => {
  const target = (
    odoo: FakeOdoo,
    settings: Record<string, unknown> = {},
    secret = odoo.apiKey,
  ) => ({
    id: 'c1',
    settings: { url: odoo.url, database: 'zatca', login: 'admin', ...settings },
    secret,
  });
  const refusal = async (work: Promise<void>) => {
    try {
      await work;
    } catch (err) {
      if (err instanceof ConnectorSettingsError) return err.errors;
      throw err;
    }
    throw new Error('expected a refusal');
  };

  it('passes with what works, and reads only', async () => {
    const odoo = await new FakeOdoo().start();
    await new OdooConnector().verify(target(odoo), ['apiKey']);
    expect(odoo.calls.map((c) => `${c.model}.${c.method}`)).toEqual(['account.move.search']);
    await odoo.close();
  });

  it('names the URL when no Odoo answers there', async () => {
    const odoo = await new FakeOdoo().start();
    const connector = new OdooConnector();
    expect(
      await refusal(
        connector.verify(target(odoo, { url: 'http://127.0.0.1:1' }), ['settings.url']),
      ),
    ).toEqual([
      {
        field: 'settings.url',
        rule: expect.stringMatching(
          /no Odoo JSON-RPC at this URL: .*unreachable.*nothing was saved$/,
        ) as unknown,
      },
    ]);
    // An HTTP server that is not Odoo's JSON-RPC (404 on /jsonrpc).
    expect(
      await refusal(connector.verify(target(odoo, { url: `${odoo.url}/odoo` }), ['settings.url'])),
    ).toEqual([
      { field: 'settings.url', rule: expect.stringContaining('answered HTTP 404') as unknown },
    ]);
    await odoo.close();
  });

  it('names the database Odoo does not have, in its own words', async () => {
    const odoo = await new FakeOdoo().start();
    expect(
      await refusal(
        new OdooConnector().verify(target(odoo, { database: 'prod' }), ['settings.database']),
      ),
    ).toEqual([
      {
        field: 'settings.database',
        rule: expect.stringContaining(
          'could not open database "prod": Odoo psycopg2.OperationalError',
        ) as unknown,
      },
    ]);
    await odoo.close();
  });

  it('names the login or the key that changed when Odoo refuses them, both when neither changed', async () => {
    const odoo = await new FakeOdoo().start();
    const connector = new OdooConnector();
    const fields = async (t: ReturnType<typeof target>, changed: string[]) =>
      (await refusal(connector.verify(t, changed))).map((e) => e.field);
    expect(await fields(target(odoo, { login: 'zatca@example.com' }), ['settings.login'])).toEqual([
      'settings.login',
    ]);
    expect(await fields(target(odoo, {}, 'revoked'), ['apiKey'])).toEqual(['apiKey']);
    expect(await fields(target(odoo, {}, 'revoked'), ['settings.timeoutMs'])).toEqual([
      'settings.login',
      'apiKey',
    ]);
    await odoo.close();
  });

  it('names the login whose user may not read invoices', async () => {
    const odoo = await new FakeOdoo().start();
    odoo.invoiceAccess = false;
    expect(await refusal(new OdooConnector().verify(target(odoo), ['settings.login']))).toEqual([
      {
        field: 'settings.login',
        rule: expect.stringContaining(
          'may not read customer invoices (give it Accounting / Billing rights)',
        ) as unknown,
      },
    ]);
    await odoo.close();
  });
});
