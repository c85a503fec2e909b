import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One multi-row INSERT of whole entities, with the column list taken from the entity's
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
  await manager.query(
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
  const assignments = entries.map(([property]) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    return `${escape(column.databaseName)} = ?`;
  });
  const key = metadata.primaryColumns[0].databaseName;
  await manager.query(
    `UPDATE ${escape(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${escape(key)} = ?`,
    [...entries.map(([, value]) => (value as unknown) ?? null), id],
  );
}
