import type { AppConfig } from '../config/app-config';
import { InstanceRepository } from './instance/instance.repository';
import { applyMigrationsMode } from './migrations';
import { openDatabase } from './open-database';

export interface PreparedDatabase {
  /** Migrations run now (DB_MIGRATIONS=auto); empty when the schema was current. */
  readonly migrationsRun: string[];
  readonly installationId: string;
}

/**
 * Before the host starts: connect (failing with a one-line DATABASE_URL error), apply
 * DB_MIGRATIONS, and read the installation id. Uses its own short-lived connection.
 */
export async function prepareDatabase(config: AppConfig): Promise<PreparedDatabase> {
  const dataSource = await openDatabase(config.database);
  try {
    const migrationsRun = await applyMigrationsMode(dataSource, config.migrations);
    const instance = await new InstanceRepository(dataSource).ensure();
    return { migrationsRun, installationId: instance.installationId };
  } finally {
    await dataSource.destroy();
  }
}
