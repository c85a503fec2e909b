import { DataSource } from 'typeorm';
import { GroupCommit } from '../database/group-commit';
import { InvoiceEntity } from './invoice.entity';
import { invoiceKeyOf, invoicesByKey, type InvoiceKey } from './invoices-by-key';

/** Keys looked up by one query at most. */
const MAX_BATCH = 64;

/**
 * Finds invoices by idempotency key (source, recordId) for the intake's first check. Keys asked
 * for while a lookup runs are looked up together by the next one, so a busy intake makes one
 * query per batch instead of one per request; a lone request is answered at once.
 */
export class InvoiceKeyLookup {
  // GroupCommit batches any work this way, reads included: one batch at a time, the rest wait.
  private readonly batches = new GroupCommit<InvoiceKey, InvoiceEntity | null>(
    (keys) => this.lookup(keys),
    MAX_BATCH,
  );

  constructor(private readonly dataSource: DataSource) {}

  find(source: string, recordId: string): Promise<InvoiceEntity | null> {
    return this.batches.submit({ source, recordId });
  }

  private async lookup(keys: InvoiceKey[]): Promise<Array<InvoiceEntity | null>> {
    const found = await invoicesByKey(this.dataSource.manager, keys);
    return keys.map((key) => found.get(invoiceKeyOf(key)) ?? null);
  }
}
