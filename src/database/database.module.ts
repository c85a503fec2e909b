import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { AppDataSource } from './app-data-source';
import { dataSourceOptions } from './data-source-options';
import { InstanceRepository } from './instance/instance.repository';

/**
 * The application's TypeORM connection. Migrations are applied (or checked) before Nest starts,
 * see startHost(); this module only connects, and fails at once instead of retrying for minutes.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        retryAttempts: 0,
      }),
      dataSourceFactory: (options) => new AppDataSource(options!).initialize(),
    }),
  ],
  providers: [InstanceRepository],
  exports: [InstanceRepository],
})
export class DatabaseModule {}
