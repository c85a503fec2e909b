import axios from 'axios';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../src/audit';
import { RecordsService } from '../../../src/connectors/runner/records.service';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { kitAroundEachTest, until, type KitContext } from '../../connectors/conformance-kit';
import type { FakeOdoo } from '../../fakes/odoo/fake-odoo-server';
import { postInvoice } from '../../fakes/odoo/fake-odoo-records';
import { backends } from '../../support/database';
import { odooSetup } from './odoo-erp';

interface ConnectionView {
  cursor: string | null;
  lastPollError: string | null;
}

interface RecordView {
  state: string;
  errors: { field: string; rule: string }[];
  invoice: { uuid: string; icv: number } | null;
}

/**
 * One record that cannot be taken never holds back the records after it: the failure is kept
 * on that record and every poll tries it again; the ERP being unreachable still stops the poll
 * with its cursor. Odoo through the whole host (polling only), on SQLite and MariaDB.
 */
describe.each(backends)('records that cannot be taken, Odoo in the host on $name', (backend) => {
  const host = kitAroundEachTest(backend, odooSetup({ version: 17 }));
  let k: KitContext;
  let odoo: FakeOdoo;
  beforeEach(() => {
    k = host.k;
    odoo = (k.erp as typeof k.erp & { odoo: FakeOdoo }).odoo;
  });
  afterEach(() => jest.restoreAllMocks());

  const api = (path = '') => `${k.baseUrl}/connectors/erp-1${path}`;
  const connection = async () => (await axios.get<ConnectionView>(api())).data;
  const record = async (id: number) => (await axios.get<RecordView>(api(`/records/${id}`))).data;
  const invoices = (id: number) =>
    k.app
      .get(DataSource)
      .getRepository(InvoiceEntity)
      .findBy({ source: 'connector:erp-1', recordId: String(id) });
  const failures = async (id: number) =>
    (await k.app.get(AuditTrail).list({ subjectType: 'erp-record', subjectId: `erp-1/${id}` }))
      .filter((e) => e.action === 'record.failed')
      .map((e) => ({ stream: e.stream, data: JSON.parse(e.dataJson) as Record<string, unknown> }));
  const move = (id: number) => odoo.table('account.move').get(id)!;
  const cursorAt = (id: number) => `${String(move(id).write_date)}|${id}`;
  const reads = (id: number) =>
    odoo.calls.filter(
      (c) => c.model === 'account.move' && c.method === 'read' && (c.args[0] as number[])[0] === id,
    ).length;

  it('takes the invoices after one Odoo refuses to read, moves the cursor past all, and takes that one once it reads', async () => {
    const bad = postInvoice(odoo);
    const second = postInvoice(odoo);
    const third = postInvoice(odoo);
    odoo.moveReadFaults.set(bad, 'access-error');

    expect(await k.runner.pollOnce('erp-1')).toBe(2);
    expect(await connection()).toMatchObject({ cursor: cursorAt(third), lastPollError: null });
    expect(await invoices(second)).toHaveLength(1);
    expect(await invoices(third)).toHaveLength(1);
    expect(await invoices(bad)).toHaveLength(0);
    const failed = await record(bad);
    expect(failed).toMatchObject({ state: 'ingest-failed', invoice: null });
    expect(failed.errors).toEqual([
      {
        field: 'record',
        rule:
          "could not be taken: Odoo AccessError: Due to security restrictions, you are not allowed to access 'Journal Entry' (account.move) records.\n\n" +
          'Contact your administrator to request access if necessary.; tried again at each poll',
      },
    ]);
    expect(await failures(bad)).toEqual([
      {
        stream: 'connectors',
        data: { version: String(move(bad).write_date), problems: failed.errors },
      },
    ]);

    // Still refused: tried again at the next poll, nothing taken, not audited a second time.
    const readsBefore = reads(bad);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(reads(bad)).toBe(readsBefore + 1);
    expect((await record(bad)).state).toBe('ingest-failed');
    expect(await failures(bad)).toHaveLength(1);

    odoo.moveReadFaults.clear();
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const taken = await k.writtenBack(String(bad));
    expect(taken).toMatchObject({ state: 'submitted', errors: [] });
    expect(taken.invoice?.state).toBe('cleared');
    expect(k.erp.written(String(bad)).status).toBe('CLEARED');

    // Nothing more: one invoice, one ICV each, one write-back.
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    await k.outbox.drain();
    const all = [...(await invoices(bad)), ...(await invoices(second)), ...(await invoices(third))];
    expect(all).toHaveLength(3);
    expect(new Set(all.map((i) => i.icv)).size).toBe(3);
    expect((await invoices(bad))[0].uuid).toBe(taken.invoice?.uuid);
    expect(k.erp.writeBackCount(String(bad))).toBe(1);
  });

  it('stops the poll and keeps its cursor when Odoo becomes unreachable while reading one invoice; the next poll takes them all once', async () => {
    const before = (await connection()).cursor;
    const first = postInvoice(odoo);
    const cut = postInvoice(odoo);
    const after = postInvoice(odoo);
    odoo.moveReadFaults.set(cut, 'connection-reset');

    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    const stopped = await connection();
    expect(stopped.cursor).toBe(before);
    expect(stopped.lastPollError).toMatch(/unreachable/);
    // Nothing was recorded against the record: the ERP, not the record, was at fault.
    expect((await axios.get(api(`/records/${cut}`), { validateStatus: () => true })).status).toBe(
      404,
    );
    expect(await invoices(after)).toHaveLength(0);

    odoo.moveReadFaults.clear();
    expect(await k.runner.pollOnce('erp-1')).toBe(2);
    expect(await connection()).toMatchObject({ cursor: cursorAt(after), lastPollError: null });
    for (const id of [first, cut, after]) {
      expect(await invoices(id)).toHaveLength(1);
      expect((await k.writtenBack(String(id))).invoice?.state).toBe('cleared');
    }
  });

  it('stops the poll and keeps its cursor when the failure of a record cannot be recorded', async () => {
    const before = (await connection()).cursor;
    const bad = postInvoice(odoo);
    const later = postInvoice(odoo);
    odoo.moveReadFaults.set(bad, 'access-error');
    const records = k.app.get(RecordsService);
    const save = records.save.bind(records);
    const spy = jest
      .spyOn(records, 'save')
      .mockImplementation((connectionId, recordId, fields) =>
        fields.state === 'ingest-failed'
          ? Promise.reject(new Error('database unreachable'))
          : save(connectionId, recordId, fields),
      );

    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await connection()).toMatchObject({
      cursor: before,
      lastPollError: 'database unreachable',
    });
    expect(await invoices(later)).toHaveLength(0);

    spy.mockRestore();
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    expect(await connection()).toMatchObject({ cursor: cursorAt(later), lastPollError: null });
    expect((await record(bad)).state).toBe('ingest-failed');
    expect((await k.writtenBack(String(later))).invoice?.state).toBe('cleared');
  });

  it('records the failure of an invoice a webhook names; the poll then takes it once Odoo reads it', async () => {
    const id = postInvoice(odoo);
    odoo.moveReadFaults.set(id, 'access-error');
    const hook = await axios.post(`${k.baseUrl}${k.webhookPath}`, k.erp.webhookBody(String(id)), {
      headers: { 'Content-Type': 'application/json' },
    });
    expect(hook.status).toBe(202);
    const failed = await until(async () => {
      const view = await axios.get<RecordView>(api(`/records/${id}`), {
        validateStatus: () => true,
      });
      return view.data.state === 'ingest-failed' ? view.data : undefined;
    });
    expect(failed.errors[0].rule).toContain('Odoo AccessError');
    expect(await failures(id)).toHaveLength(1);

    // The poll's hint carries the version the webhook's had: not taken for "unchanged".
    odoo.moveReadFaults.clear();
    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    expect((await k.writtenBack(String(id))).invoice?.state).toBe('cleared');
    expect(await invoices(id)).toHaveLength(1);
  });

  it('stops trying an invoice that could not be taken once it is cancelled in Odoo', async () => {
    const id = postInvoice(odoo);
    odoo.moveReadFaults.set(id, 'access-error');
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect((await record(id)).state).toBe('ingest-failed');

    odoo.moveReadFaults.clear();
    move(id).state = 'cancel';
    move(id).write_date = odoo.tick();
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await record(id)).toMatchObject({ state: 'skipped', errors: [], invoice: null });
    const readsBefore = reads(id);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(reads(id)).toBe(readsBefore);
    expect(await invoices(id)).toHaveLength(0);
  });

  it('takes an invoice refused while the unit could not sign (certificate expired) at the poll after the renewal, the ERP record unchanged', async () => {
    const unit = await host.egs.signingContext('unit-1');
    const notAfter = unit.notAfter;
    const id = postInvoice(odoo);
    const version = move(id).write_date;
    unit.notAfter = new Date(Date.now() - 60_000);
    try {
      expect(await k.runner.pollOnce('erp-1')).toBe(0);
      const refused = await record(id);
      expect(refused).toMatchObject({ state: 'ingest-failed', invoice: null });
      expect(refused.errors).toEqual([
        {
          field: 'unitId',
          rule: expect.stringMatching(
            /^could not be taken now: certificate-expired: .*; tried again at each poll$/,
          ) as unknown,
        },
      ]);
      expect(await invoices(id)).toHaveLength(0);
      expect(await failures(id)).toHaveLength(1);
    } finally {
      unit.notAfter = notAfter; // the admin renews the certificate
    }
    await k.outbox.drain();
    expect(k.erp.writeBackCount(String(id))).toBe(0);
    expect(move(id).write_date).toBe(version);

    expect(await k.runner.pollOnce('erp-1')).toBe(1);
    expect((await k.writtenBack(String(id))).invoice?.state).toBe('cleared');
    expect(await invoices(id)).toHaveLength(1);
    expect(await k.runner.pollOnce('erp-1')).toBe(0);
    expect(await invoices(id)).toHaveLength(1);
  });
});
