import { type DynamicModule, Module } from '@nestjs/common';
import { readEnvironment } from '../config/environment';
import { SecretsModule } from '../secrets/secrets.module';
import { CONNECTORS, type Connector } from './connector';
import { ConnectorRegistry } from './connector-registry';
import {
  CONNECTORS_CONFIG,
  loadConnectorsConfig,
  type ConnectorsConfig,
} from './connectors-config';
import { ConnectorsController } from './http/connectors.controller';
import { ConnectionsService } from './runner/connections.service';
import { ConnectorRunner } from './runner/connector-runner';
import { ConnectorScheduler } from './runner/connector-scheduler';
import { MappingsService } from './runner/mappings.service';
import { RecordStatusService } from './runner/record-status.service';
import { RecordsService } from './runner/records.service';
import { WriteBackOutbox } from './runner/write-back-outbox';

export interface ConnectorsModuleOptions {
  connectors: Connector[];
  /** The pipeline module (IntakeService, InvoiceStatusService): the same instance the host uses. */
  pipeline: DynamicModule;
  config?: ConnectorsConfig;
}

/** The connector host: connections, mappings, runner, write-back outbox, REST API. */
@Module({})
export class ConnectorsModule {
  static forRoot(options: ConnectorsModuleOptions): DynamicModule {
    return {
      module: ConnectorsModule,
      imports: [SecretsModule, options.pipeline],
      controllers: [ConnectorsController],
      providers: [
        { provide: CONNECTORS, useValue: options.connectors },
        {
          provide: CONNECTORS_CONFIG,
          useValue: options.config ?? loadConnectorsConfig(readEnvironment()),
        },
        ConnectorRegistry,
        ConnectionsService,
        MappingsService,
        RecordsService,
        WriteBackOutbox,
        ConnectorRunner,
        ConnectorScheduler,
        RecordStatusService,
      ],
      exports: [
        ConnectorRunner,
        WriteBackOutbox,
        ConnectionsService,
        MappingsService,
        RecordStatusService,
      ],
    };
  }
}
