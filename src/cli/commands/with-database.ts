import type { DataSource } from 'typeorm';
import { readEnvironment } from '../../config/environment';
import { loadConfig } from '../../config/load-config';
import { openDatabase } from '../../database/open-database';

/** Opens the database of DATABASE_URL (environment or ./.env), runs `work`, always closes it. */
export async function withAppDatabase<T>(
  work: (dataSource: DataSource, displayUrl: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig(readEnvironment());
  const dataSource = await openDatabase(config.database);
  try {
    return await work(dataSource, config.database.displayUrl);
  } finally {
    await dataSource.destroy();
  }
}
