import { type DynamicModule, Module } from '@nestjs/common';
import { OdooConnector } from '../connectors/odoo';
import { AuditModule } from './audit/audit.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { ConnectorsModule } from './connectors/connectors.module';
import { DatabaseModule } from './database/database.module';
import { EgsCoreModule } from './egs/egs-core.module';
import { EgsModule } from './egs/egs.module';
import { HealthModule } from './health/health.module';
import { ShutdownLogger } from './http/shutdown-logger';
import { LoggingModule } from './logging/logging.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { SimulatorModule } from './simulator/simulator.module';

/**
 * The host. It takes the config that the entry point validated, so a bad setting never reaches
 * Nest, and tests can start it on their own database. Connector modules are added to `imports`.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const simulator = config.simulator ? [SimulatorModule.forRoot()] : [];
    // The invoice pipeline signs with the EGS module's units (EGS_SIGNING_PROVIDER). One
    // instance, shared with the connectors (their intake).
    const pipeline = PipelineModule.forRoot({ imports: [EgsCoreModule] });
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        AuditModule,
        HealthModule,
        // Companies, EGS units, onboarding, renewal: REST endpoints and the daily expiry check.
        EgsModule,
        pipeline,
        // ERP connectors (docs/connectors.md); idle until a connection is created.
        ConnectorsModule.forRoot({ connectors: [new OdooConnector()], pipeline }),
        ...simulator,
      ],
      providers: [ShutdownLogger],
    };
  }
}
