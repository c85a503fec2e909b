import type { DataSource, EntityManager } from 'typeorm';
import { type KeyVault, sealedKeyId } from '../key-vault';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns';

export interface ResealCount {
  readonly kind: string;
  /** `table.column`. */
  readonly column: string;
  /** Values now sealed under the current key (with `dryRun`: that would be). */
  readonly resealed: number;
  readonly alreadyCurrent: number;
}

/** Some value cannot be opened; nothing was written. Each problem names table, id and why. */
export class ResealRefusedError extends Error {
  override readonly name = 'ResealRefusedError';

  constructor(readonly problems: readonly string[]) {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    super(`cannot re-seal, nothing was written: ${shown}${more}`);
  }
}

interface Change {
  readonly column: SealedColumn;
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Re-seals every sealed secret (SEALED_COLUMNS) that is not under the vault's current master key,
 * with the same context, in one transaction: every value is opened first, and if any cannot be
 * the transaction writes nothing. Running it again changes nothing. Secrets stay in memory only.
 */
export async function resealSecrets(
  dataSource: DataSource,
  vault: KeyVault,
  options: { dryRun?: boolean; columns?: readonly SealedColumn[] } = {},
): Promise<ResealCount[]> {
  const columns = options.columns ?? SEALED_COLUMNS;
  return dataSource.transaction(async (manager) => {
    const counts: ResealCount[] = [];
    const changes: Change[] = [];
    const problems: string[] = [];
    for (const column of columns) {
      const { table, name } = columnNames(manager, column);
      let alreadyCurrent = 0;
      let resealed = 0;
      for (const row of await manager.find(column.entity, { order: { id: 'ASC' } })) {
        const from = row[column.field] as string | null;
        if (from === null || from === undefined) continue;
        const keyId = sealedKeyId(from);
        if (keyId === vault.keyId) {
          alreadyCurrent += 1;
          continue;
        }
        const where = `${table} ${String(row.id)} (${name})`;
        if (keyId === undefined || !vault.knows(keyId)) {
          problems.push(
            keyId === undefined
              ? `${where} is not a sealed secret`
              : `${where} is sealed under master key ${keyId}, which is neither the current ` +
                  `one (${vault.keyId}) nor a previous one: give it as ZATCA_MASTER_KEY_PREVIOUS ` +
                  'or ZATCA_MASTER_KEY_PREVIOUS_FILE',
          );
          continue;
        }
        const context = column.context(row);
        let clear: Buffer;
        try {
          clear = vault.open(from, context);
        } catch (err) {
          problems.push(`${where}: ${(err as Error).message}`);
          continue;
        }
        const to = vault.seal(clear, context);
        clear.fill(0);
        changes.push({ column, id: String(row.id), from, to });
        resealed += 1;
      }
      counts.push({ kind: column.kind, column: `${table}.${name}`, resealed, alreadyCurrent });
    }
    if (problems.length > 0) throw new ResealRefusedError(problems);
    if (!options.dryRun) {
      for (const change of changes) await write(manager, change, vault.keyId);
    }
    return counts;
  });
}

/** Writes only over the value that was opened: a row changed meanwhile rolls everything back. */
async function write(manager: EntityManager, change: Change, keyId: string): Promise<void> {
  const { column, id, from, to } = change;
  const result = await manager.update(
    column.entity,
    { id, [column.field]: from },
    { [column.field]: to, ...column.alsoSet?.(keyId) },
  );
  if (result.affected !== 1) {
    const { table, name } = columnNames(manager, column);
    throw new Error(
      `${table} ${id} (${name}) changed while re-sealing; nothing was written: run it again`,
    );
  }
}

function columnNames(
  manager: EntityManager,
  column: SealedColumn,
): { table: string; name: string } {
  const metadata = manager.connection.getMetadata(column.entity);
  const name = metadata.findColumnWithPropertyName(column.field)?.databaseName ?? column.field;
  return { table: metadata.tableName, name };
}
