import { type INestApplicationContext, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '../../audit/audit.module';
import type { AppConfig } from '../../config/app-config';
import { AppConfigModule } from '../../config/app-config.module';
import { DatabaseModule } from '../../database/database.module';
import { prepareDatabase } from '../../database/prepare-database';
import { EgsCoreModule } from '../egs-core.module';

/** What `zatca egs ...` needs: config, database, audit trail and the EGS services; no HTTP. */
@Module({})
class EgsCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EgsCliModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, AuditModule, EgsCoreModule],
    };
  }
}

/**
 * Runs `work` in a Nest application context on the configured database (migrated first, as
 * the host would: DB_MIGRATIONS applies), and always closes it.
 */
export async function withEgsContext<T>(
  config: AppConfig,
  work: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  await prepareDatabase(config);
  const context = await NestFactory.createApplicationContext(EgsCliModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
