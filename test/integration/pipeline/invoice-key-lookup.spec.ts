import type { DataSource } from 'typeorm';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { InvoiceKeyLookup } from '../../../src/invoices/invoice-key-lookup';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';
import { invoiceRow } from '../../support/invoice-row';

describe.each(backends)('InvoiceKeyLookup on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    ({ db, ds } = await migratedDatabase(backend));
    await ds
      .getRepository(InvoiceEntity)
      .insert([invoiceRow('erp', 'a', 1), invoiceRow('erp', 'b', 2), invoiceRow('shop', 'a', 3)]);
  });
  afterAll(() => db.drop());

  it('answers each of many concurrent lookups with its own invoice or null', async () => {
    const lookup = new InvoiceKeyLookup(ds);
    const asked: Array<[string, string]> = [
      ['erp', 'a'],
      ['erp', 'missing'],
      ['shop', 'a'],
      ['erp', 'b'],
      ['shop', 'b'],
      ['erp', 'a'],
    ];
    const found = await Promise.all(asked.map(([source, id]) => lookup.find(source, id)));
    expect(found.map((row) => row?.icv ?? null)).toEqual([1, null, 3, 2, null, 1]);
  });

  it('batches the lookups that arrive while one runs into one query', async () => {
    const lookup = new InvoiceKeyLookup(ds);
    const spy = jest.spyOn(ds, 'query');
    try {
      const found = await Promise.all(
        Array.from({ length: 20 }, (_, n) => lookup.find('erp', n % 2 ? 'a' : 'b')),
      );
      expect(found.map((row) => row?.icv)).toEqual(
        Array.from({ length: 20 }, (_, n) => (n % 2 ? 1 : 2)),
      );
      // The first goes alone; the other 19 arrive while it runs and go together.
      const keyQueries = spy.mock.calls.filter(([sql]) => /^SELECT uuid FROM invoices/.test(sql));
      expect(keyQueries.map(([, parameters]) => (parameters as unknown[]).length / 2)).toEqual([
        1, 19,
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
