import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../../src/config/app-config';
import { loadConfig } from '../../../src/config/load-config';
import {
  CONNECTORS,
  type Connector,
  type ConnectionTarget,
  type ConnectorSession,
} from '../../../src/connectors/connector';
import { ConnectorRegistry } from '../../../src/connectors/connector-registry';
import {
  CONNECTORS_CONFIG,
  type ConnectorsConfig,
} from '../../../src/connectors/connectors-config';
import { ConnectionsService } from '../../../src/connectors/runner/connections.service';
import type { TestDatabase } from '../../support/database';
import { startEgsApp } from '../egs/egs-test-app';

export const PUBLIC_URL = 'https://zatca.example.com';

/** A connector that only remembers what the host opened it with (the decrypted API key). */
export class RecordingConnector implements Connector {
  readonly kind = 'recording';
  readonly opened: ConnectionTarget[] = [];

  checkSettings(): void {}

  open(connection: ConnectionTarget): ConnectorSession {
    this.opened.push(connection);
    return {} as ConnectorSession;
  }
}

/** The environment the host and the CLI read, on the test database, with the given keys. */
export function rotationEnv(
  db: TestDatabase,
  keys: Record<string, string>,
): Record<string, string> {
  return { ...db.env, ...keys };
}

/**
 * The services that seal secrets, as the host wires them: the EGS module (HTTP, onboarding,
 * signing; its secrets module) and the connections service with a recording connector, under
 * `env`'s master keys.
 */
export async function startRotationApp(
  env: Record<string, string>,
  connector = new RecordingConnector(),
): Promise<INestApplication> {
  const config: AppConfig = loadConfig(env);
  const connectorsConfig: ConnectorsConfig = {
    pollMs: 60_000,
    writeBackTickMs: 60_000,
    writeBackRetryMs: 60_000,
    writeBackMaxDelayMs: 60_000,
    schedule: false,
    publicUrl: PUBLIC_URL,
  };
  return startEgsApp(config, [
    { provide: CONNECTORS, useValue: [connector] },
    { provide: CONNECTORS_CONFIG, useValue: connectorsConfig },
    ConnectorRegistry,
    ConnectionsService,
  ]);
}
