import type { DataSource } from 'typeorm';
import { updateRows } from '../../../src/database/raw-writes';
import { InvoiceEntity } from '../../../src/invoices/invoice.entity';
import { backends, migratedDatabase, type TestDatabase } from '../../support/database';
import { invoiceRow } from '../../support/invoice-row';

describe.each(backends)('updateRows on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => ({ db, ds } = await migratedDatabase(backend)));
  afterAll(() => db.drop());

  const read = async (icv: number) =>
    await ds.getRepository(InvoiceEntity).findOneByOrFail({ icv });

  it('applies each row its own values, one statement per shape of change', async () => {
    const rows = [1, 2, 3, 4, 5].map((icv) => invoiceRow('erp', `r${icv}`, icv));
    await ds.getRepository(InvoiceEntity).insert(rows);
    const statements: string[] = [];
    // Every statement is logged, whichever way it goes (text query or prepared statement).
    const log = jest.spyOn(ds.logger, 'logQuery').mockImplementation((sql: string) => {
      if (/^UPDATE/.test(sql)) statements.push(sql);
    });
    await ds.transaction(async (m) => {
      await updateRows(m, InvoiceEntity, [
        // Three cleared, with different XML, attempts and a null among the values.
        {
          id: rows[0].uuid,
          changes: { state: 'cleared', clearedXml: '<a/>', attempts: 1, lastError: null },
        },
        {
          id: rows[2].uuid,
          changes: { state: 'cleared', clearedXml: "<b x='1'/>", attempts: 3, lastError: null },
        },
        {
          id: rows[3].uuid,
          changes: { state: 'cleared', clearedXml: '<c/>', attempts: 2, lastError: null },
        },
        // A retry: another shape, alone in its statement.
        { id: rows[1].uuid, changes: { attempts: 4, lastError: 'timeout', route: undefined } },
        // Nothing to change: no statement.
        { id: rows[4].uuid, changes: { lastError: undefined } },
      ]);
    });
    log.mockRestore();
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/CASE .* WHERE .* IN \(\?, \?, \?\)$/);

    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(read));
    expect([a.state, a.clearedXml, a.attempts, a.lastError]).toEqual(['cleared', '<a/>', 1, null]);
    expect([c.state, c.clearedXml, c.attempts]).toEqual(['cleared', "<b x='1'/>", 3]);
    expect([d.state, d.clearedXml, d.attempts]).toEqual(['cleared', '<c/>', 2]);
    expect([b.state, b.clearedXml, b.attempts, b.lastError, b.route]).toEqual([
      'pending',
      null,
      4,
      'timeout',
      'reporting',
    ]);
    expect([e.state, e.attempts, e.lastError, e.updatedAt]).toEqual([
      'pending',
      0,
      null,
      rows[4].updatedAt,
    ]);
  });
});
