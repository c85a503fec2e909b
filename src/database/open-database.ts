import type { DataSource } from 'typeorm';
import { AppDataSource } from './app-data-source';
import type { DatabaseConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseUnavailableError } from './database-errors';

/**
 * Connects to the configured database (creating the SQLite file and its folder if need be).
 * Connection failures become a DatabaseUnavailableError naming DATABASE_URL, password masked.
 */
export async function openDatabase(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new AppDataSource(dataSourceOptions(database));
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new DatabaseUnavailableError(database, err);
  }
  return dataSource;
}
