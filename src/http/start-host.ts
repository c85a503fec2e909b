import { type INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/app-config';
import { prepareDatabase } from '../database/prepare-database';
import { createLogger } from '../logging/create-logger';
import { createApp } from './create-app';
import { DOCS_PATH } from './openapi';

export interface RunningHost {
  readonly app: INestApplication;
  /** Base URL actually listened on (PORT=0 resolves to the port the OS chose). */
  readonly url: string;
}

/**
 * `zatca serve` and `nest start`: prepare the database, start Nest, listen, and stop cleanly on
 * SIGTERM/SIGINT (close HTTP and the database, then exit 0).
 */
export async function startHost(config: AppConfig): Promise<RunningHost> {
  const log = createLogger(config);
  const database = await prepareDatabase(config);
  for (const name of database.migrationsRun) log.info({ migration: name }, 'migration applied');

  const app = await createApp(config);
  // useProcessExit: exit 0 after shutdown (instead of re-raising the signal) once logs are flushed.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    await app.listen(config.port, config.host);
  } catch (err) {
    // Close the database pool too, or its sockets would keep a failed process alive.
    await app.close();
    throw listenError(err, config);
  }

  const url = baseUrl((app.getHttpServer() as Server).address() as AddressInfo);
  // Through Nest's logger (pino underneath) so it comes after Nest's own start-up lines.
  new Logger('Host').log(
    {
      url,
      docs: `${url}/${DOCS_PATH}`,
      database: config.database.displayUrl,
      databaseType: config.database.kind,
      migrations: config.migrations,
      installationId: database.installationId,
    },
    `listening on ${url} (API docs at ${url}/${DOCS_PATH})`,
  );
  return { app, url };
}

/** EADDRINUSE and friends name the setting to change, on one line. */
function listenError(err: unknown, config: AppConfig): Error {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return new Error(`PORT: ${where} is already in use (set PORT or --port)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new Error(`HOST: cannot listen on ${where}, no such local address (set HOST or --host)`);
  }
  if (code === 'EACCES')
    return new Error(`PORT: not allowed to listen on ${where} (try a port above 1023)`);
  return err instanceof Error ? err : new Error(String(err));
}

function baseUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
