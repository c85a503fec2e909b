import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { executeWrite } from './execute-write';
import { isSqlite } from './transactions';

/**
 * One multi-row INSERT of whole entities (a prepared statement on MariaDB: executeWrite), with the column list taken from the entity's
 * metadata: one round trip for a batch, without the query builder's cost per row. Generated
 * columns (auto-increment ids) are left to the database.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((c) => !c.isGenerated);
  const escape = (name: string) => manager.connection.driver.escape(name);
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  await executeWrite(
    manager,
    `INSERT INTO ${escape(metadata.tableName)} (${columns.map((c) => escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`,
    rows.flatMap((row) => columns.map((c) => (row[c.propertyName] as unknown) ?? null)),
  );
}

/** UPDATE of one row by primary key, columns named by the entity's property names. */
export async function updateRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  changes: Partial<T>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const escape = (name: string) => manager.connection.driver.escape(name);
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  const assignments = entries.map(([property]) => `${escape(columnName(metadata, property))} = ?`);
  const key = metadata.primaryColumns[0].databaseName;
  await executeWrite(
    manager,
    `UPDATE ${escape(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${escape(key)} = ?`,
    [...entries.map(([, value]) => (value as unknown) ?? null), id],
  );
}

/**
 * UPDATEs of many rows by primary key: rows that change the same columns share one statement
 * (`col = CASE key WHEN ? THEN ? ... END ... WHERE key IN (...)`), so a batch of results costs
 * one round trip per shape of change instead of one per row. The rows are locked in key order.
 */
export async function updateRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  updates: ReadonlyArray<{ id: string; changes: Partial<T> }>,
): Promise<void> {
  const shapes = new Map<string, Array<{ id: string; changes: Partial<T> }>>();
  for (const update of updates) {
    const shape = Object.keys(update.changes)
      .filter((property) => update.changes[property] !== undefined)
      .join(',');
    const same = shapes.get(shape);
    if (same) same.push(update);
    else shapes.set(shape, [update]);
  }
  const metadata = manager.connection.getMetadata(entity);
  const escape = (name: string) => manager.connection.driver.escape(name);
  const key = escape(metadata.primaryColumns[0].databaseName);
  for (const [shape, rows] of shapes) {
    if (shape === '') continue; // nothing to change
    if (rows.length === 1) {
      for (const row of rows) await updateRow(manager, entity, row.id, row.changes);
      continue;
    }
    const properties = shape.split(',');
    const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
    const assignments = properties.map(
      (property) => `${escape(columnName(metadata, property))} = CASE ${key} ${cases} END`,
    );
    await executeWrite(
      manager,
      `UPDATE ${escape(metadata.tableName)}${byPrimaryKey(manager)} SET ${assignments.join(', ')} WHERE ${key} IN (${rows.map(() => '?').join(', ')})`,
      [
        ...properties.flatMap((property) =>
          rows.flatMap((row) => [row.id, (row.changes[property] as unknown) ?? null]),
        ),
        ...rows.map((row) => row.id),
      ],
    );
  }
}

/**
 * On MariaDB/MySQL, makes an UPDATE find its rows by primary key. Given `WHERE key IN (...)`
 * covering a good part of a small table, the optimizer scans the whole table instead, locking
 * every row and gap: other transactions' inserts then wait, or deadlock.
 */
function byPrimaryKey(manager: EntityManager): string {
  return isSqlite(manager.connection) ? '' : ' FORCE INDEX (PRIMARY)';
}

/** The column of an entity property, by the entity's metadata; an unknown property is a bug. */
function columnName(metadata: EntityMetadata, property: string): string {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return column.databaseName;
}
