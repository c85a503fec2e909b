import { type DataSource, MigrationExecutor } from 'typeorm';
import type { MigrationsMode } from '../config/app-config';
import { PendingMigrationsError } from './database-errors';

export interface MigrationState {
  readonly name: string;
  /** `unknown` marks a migration recorded in the database but absent from this version's code. */
  readonly state: 'applied' | 'pending' | 'unknown';
}

/** Every migration known to the code or recorded in the database, oldest first. */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationState[]> {
  const executor = new MigrationExecutor(dataSource);
  const executed = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
  const known = [...dataSource.migrations]
    .map((m) => m.name ?? m.constructor.name)
    .sort(byTimestamp);
  const states: MigrationState[] = known.map((name) => ({
    name,
    state: executed.has(name) ? 'applied' : 'pending',
  }));
  for (const name of executed) {
    if (!known.includes(name)) states.push({ name, state: 'unknown' });
  }
  return states.sort((a, b) => byTimestamp(a.name, b.name));
}

/** Runs the pending migrations, one transaction each; returns the names that ran, in order. */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

/**
 * Applies DB_MIGRATIONS at start: `auto` migrates, `manual` throws PendingMigrationsError if the
 * schema is behind. Returns the names of the migrations that ran.
 */
export async function applyMigrationsMode(
  dataSource: DataSource,
  mode: MigrationsMode,
): Promise<string[]> {
  if (mode === 'auto') return runPendingMigrations(dataSource);
  const pending = (await migrationStatus(dataSource)).filter((m) => m.state === 'pending');
  if (pending.length > 0) throw new PendingMigrationsError(pending.map((m) => m.name));
  return [];
}

// TypeORM names migrations `<Name><13-digit timestamp>`; order by the timestamp.
function byTimestamp(a: string, b: string): number {
  const ts = (name: string) => Number(/(\d{13})$/.exec(name)?.[1] ?? 0);
  return ts(a) - ts(b) || a.localeCompare(b);
}
