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
    const spy = jest.spyOn(ds.getRepository(InvoiceEntity), 'findBy');
    try {
      const found = await Promise.all(
        Array.from({ length: 20 }, (_, n) => lookup.find('erp', n % 2 ? 'a' : 'b')),
      );
      expect(found.every((row) => row !== null)).toBe(true);
      // The first goes alone; the other 19 arrive while it runs and go together.
      expect(spy).toHaveBeenCalledTimes(2);
      expect(spy.mock.calls[1][0]).toHaveLength(19);
    } finally {
      spy.mockRestore();
    }
  });
});
