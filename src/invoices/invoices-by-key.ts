import { In, type EntityManager } from 'typeorm';
import { InvoiceEntity } from './invoice.entity';

/** An invoice's idempotency key: the source system and its record ID. */
export interface InvoiceKey {
  source: string;
  recordId: string;
}

/** One string per key, for maps. */
export const invoiceKeyOf = (k: InvoiceKey): string => `${k.source}\u0000${k.recordId}`;

/**
 * The invoices of `keys`, by invoiceKeyOf. A plain SELECT of the keys' UUIDs first: almost
 * every key is new, and TypeORM's query builder over whole entities cost more CPU than the
 * query itself. Rows found are then read whole. `manager` may be a transaction's.
 */
export async function invoicesByKey(
  manager: EntityManager,
  keys: readonly InvoiceKey[],
): Promise<Map<string, InvoiceEntity>> {
  const found = new Map<string, InvoiceEntity>();
  if (keys.length === 0) return found;
  const hits: Array<{ uuid: string }> = await manager.query(
    `SELECT uuid FROM invoices WHERE ${keys.map(() => '(source = ? AND record_id = ?)').join(' OR ')}`,
    keys.flatMap((k) => [k.source, k.recordId]),
  );
  if (hits.length === 0) return found;
  const rows = await manager.findBy(InvoiceEntity, { uuid: In(hits.map((h) => h.uuid)) });
  for (const row of rows) found.set(invoiceKeyOf(row), row);
  return found;
}
