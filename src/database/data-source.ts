import 'reflect-metadata';
import { AppDataSource } from './app-data-source';
import { loadConfig } from '../config/load-config';
import { readEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI (`npx typeorm -d dist/src/database/data-source.js migration:show`). The
 * host and `zatca db` build their own DataSource from the same options.
 */
export default new AppDataSource(dataSourceOptions(loadConfig(readEnvironment()).database));
