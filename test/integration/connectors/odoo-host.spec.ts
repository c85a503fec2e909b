import axios from 'axios';
import { DataSource } from 'typeorm';
import { ConnectionEntity } from '../../../src/connectors/entities/connection.entity';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { kitAroundEachTest, until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { postForeignInvoice, postInvoice } from '../../fakes/odoo/fake-odoo-records';
import { backends } from '../../support/database';
import { odooSetup } from './odoo-erp';

/** Odoo through the whole host: webhook rule, foreign currency, on SQLite and MariaDB. */
describe.each(backends)('Odoo connector in the host on $name', (backend) => {
  const host = kitAroundEachTest(backend, odooSetup({ version: 17 }), { publicUrl: true });
  let k: KitContext;
  let odoo: FakeOdoo;
  beforeEach(() => {
    k = host.k;
    odoo = (k.erp as typeof k.erp & { odoo: FakeOdoo }).odoo;
  });

  const invoices = (recordId: string) =>
    k.app
      .get(DataSource)
      .getRepository(InvoiceEntity)
      .findBy({ source: 'connector:erp-1', recordId });

  it('start creates the automation rule to this host; an invoice then arrives by webhook alone, once', async () => {
    expect(k.startMessage).toMatch(/automation rule .* sends posted invoices/);
    const [action] = odoo.table('ir.actions.server').values();
    expect(action.webhook_url).toBe(`${k.baseUrl}${k.webhookPath}`);

    const record = String(postInvoice(odoo));
    await odoo.deliveriesSettled();
    // The draft delivery and the posted one, both answered 202; only the posted one counts.
    expect(
      odoo.deliveries.map((d) => [d.status, (JSON.parse(d.body) as { state: string }).state]),
    ).toEqual([
      [202, 'draft'],
      [202, 'posted'],
    ]);
    const status = await k.writtenBack(record);
    expect(status.invoice?.state).toBe('cleared');
    expect(k.erp.written(record).status).toBe('CLEARED');
    expect(await invoices(record)).toHaveLength(1);

    // Reconnecting finds the rule by name: no second rule, no second action.
    const again = await axios.post<{ state: string; stateMessage: string }>(
      `${k.baseUrl}/connectors/erp-1/start`,
      {},
    );
    expect(again.data).toMatchObject({
      state: 'active',
      stateMessage: expect.stringContaining('already sends to this host') as unknown,
    });
    expect(odoo.table('base.automation').size).toBe(1);
    expect(odoo.table('ir.actions.server').size).toBe(1);
    // The poll that follows sees the record and our own write-back: nothing new.
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await invoices(record)).toHaveLength(1);
  });

  it('gives a connection from before sealed tokens a new token, and the rule the new URL', async () => {
    const repository = k.app.get(DataSource).getRepository(ConnectionEntity);
    await repository.update({ id: 'erp-1' }, { sealedWebhookToken: null });
    await axios.post(`${k.baseUrl}/connectors/erp-1/start`, {});
    const [action] = odoo.table('ir.actions.server').values();
    const url = String(action.webhook_url);
    expect(url).not.toBe(`${k.baseUrl}${k.webhookPath}`);
    expect(url.startsWith(`${k.baseUrl}/connectors/erp-1/webhook/`)).toBe(true);
    const old = await axios.post(
      `${k.baseUrl}${k.webhookPath}`,
      {},
      { validateStatus: () => true },
    );
    expect(old.status).toBe(401);
    const record = String(postInvoice(odoo));
    await odoo.deliveriesSettled();
    expect(odoo.deliveries.at(-1)).toMatchObject({ url, status: 202 });
    expect((await k.writtenBack(record)).invoice?.state).toBe('cleared');
  });

  it('checks a PATCH with Odoo before saving; a new URL waits for a start and goes on from the same cursor', async () => {
    const url = `${k.baseUrl}/connectors/erp-1`;
    const before = (await axios.get<Record<string, unknown>>(url)).data;
    const refused = async (patch: object) => {
      const answer = await axios.patch<{ errors: { field: string; rule: string }[] }>(url, patch, {
        validateStatus: () => true,
      });
      expect(answer.status).toBe(400);
      expect((await axios.get(url)).data).toEqual(before);
      return answer.data.errors;
    };
    expect(await refused({ settings: { database: 'prod' } })).toEqual([
      {
        field: 'settings.database',
        rule: expect.stringContaining('database "prod" does not exist') as unknown,
      },
    ]);
    expect(
      (await refused({ settings: { login: 'nobody@example.com' } })).map((e) => e.field),
    ).toEqual(['settings.login']);
    expect((await refused({ settings: { url: 'http://127.0.0.1:1' } }))[0].field).toBe(
      'settings.url',
    );
    expect((await refused({ settings: { pageSize: 0 } }))[0].field).toBe('settings.pageSize');

    // Odoo at a new address (here: the same one spelt with a slash): saved, and the connection
    // waits for a start to prepare it; meanwhile nothing is taken, by poll or webhook.
    const moved = await axios.patch<{ state: string; cursor: string; settings: object }>(url, {
      settings: { url: `${odoo.url}/` },
    });
    expect(moved.data).toMatchObject({
      state: 'new',
      cursor: before.cursor,
      settings: { url: `${odoo.url}/`, database: 'zatca', login: 'admin' },
    });
    const record = String(postInvoice(odoo));
    await odoo.deliveriesSettled();
    expect(odoo.deliveries.map((d) => d.status)).toEqual([202, 202]);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await invoices(record)).toHaveLength(0);
    await axios.post(`${url}/start`, {});
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    expect((await k.writtenBack(record)).invoice?.state).toBe('cleared');
  });

  it('answers a pause once the poll in progress has finished; that poll still takes its records once', async () => {
    odoo.table('base.automation').clear(); // polling alone here
    const record = String(postInvoice(odoo));
    odoo.latencyMs = 30;
    let pollDone = false;
    const callsBefore = odoo.calls.length;
    const polling = k.runner.pollOnce('erp-1').then((n) => {
      pollDone = true;
      return n;
    });
    // Odoo has been asked for the records (the poll is under way), then: pause.
    await until(() => Promise.resolve(odoo.calls.length > callsBefore ? true : undefined));
    const paused = await axios.post<{ state: string }>(`${k.baseUrl}/connectors/erp-1/pause`, {});
    expect(paused.data.state).toBe('paused');
    expect(pollDone).toBe(true);
    expect(await polling).toBe(1);
    odoo.latencyMs = 0;
    expect(await invoices(record)).toHaveLength(1);
    await axios.post(`${k.baseUrl}/connectors/erp-1/resume`, {});
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect((await k.writtenBack(record)).invoice?.state).toBe('cleared');
    expect(await invoices(record)).toHaveLength(1);
  });

  it('issues simplified invoices for a journal mapped so through the API, and refuses a bad subtype mapping', async () => {
    const mappings = `${k.baseUrl}/connectors/erp-1/mappings/subtype`;
    const bad = await axios.put<{ errors: { field: string }[] }>(
      `${mappings}/shop`,
      { value: { subtype: 'b2c' } },
      { validateStatus: () => true },
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors.map((e) => e.field)).toEqual(['erpKey', 'value.subtype']);
    await axios.put(`${mappings}/journal:1`, { value: { subtype: 'simplified' } });

    // The captured buyer has a VAT number: standard by buyer, simplified by this journal.
    odoo.table('base.automation').clear();
    const record = String(postInvoice(odoo));
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const status = await until(async () => {
      const s = await k.writtenBack(record);
      return s.invoice?.state === 'reported' ? s : undefined;
    });
    expect(status.invoice?.state).toBe('reported');
    expect(k.erp.written(record).status).toBe('REPORTED');
    const [invoice] = await invoices(record);
    expect(invoice.signedXml).toMatch(/<cbc:InvoiceTypeCode name="02\d{5}">388</);
  });

  it('submits a USD invoice with its SAR VAT at the rate of the invoice date (3.75 SAR per USD)', async () => {
    const record = String(postForeignInvoice(odoo, { currency: 'USD' }));
    const status = await until(async () => {
      await k.runner.pollOnce('erp-1');
      const s = await k.writtenBack(record);
      return s.invoice?.state === 'cleared' ? s : undefined;
    });
    expect(k.erp.written(record).status).toBe('CLEARED');
    const [invoice] = await invoices(record);
    expect(invoice.uuid).toBe(status.invoice?.uuid);
    const xml = invoice.signedXml;
    expect(xml).toContain('<cbc:DocumentCurrencyCode>USD</cbc:DocumentCurrencyCode>');
    expect(xml).toMatch(
      /<cac:TaxExchangeRate>[\s\S]*<cbc:CalculationRate>3\.75<\/cbc:CalculationRate>/,
    );
    // 72.00 USD of VAT, 270.00 SAR (= 72 x 3.75); Odoo booked the same (amount_tax_signed).
    expect(xml).toContain('<cbc:TaxAmount currencyID="USD">72.00</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="SAR">270.00</cbc:TaxAmount>');
    expect(odoo.table('account.move').get(Number(record))!.amount_tax_signed).toBe(270);
  });
});
