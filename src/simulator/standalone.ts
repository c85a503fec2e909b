import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_LIMIT_BYTES, fatooraFastPath } from './http/fatoora-fast-path';
import { SimulatorModule, type SimulatorModuleOptions } from './simulator.module';
import { FATOORA_SIMULATOR } from './http/simulator-tokens';
import type { FatooraSimulator } from './simulator';

export interface RunningSimulator {
  app: INestApplication;
  simulator: FatooraSimulator;
  /** http://host:port, the `host` to give FatooraClient. */
  url: string;
  close(): Promise<void>;
}

/** Runs the simulator alone (zatca simulator, tests): a Nest app with only SimulatorModule. */
export async function startSimulator(
  options: SimulatorModuleOptions & { port?: number; hostname?: string; quiet?: boolean } = {},
): Promise<RunningSimulator> {
  const { port = 0, hostname = '127.0.0.1', quiet = false, ...moduleOptions } = options;
  const app = await NestFactory.create<NestExpressApplication>(
    SimulatorModule.forRoot(moduleOptions),
    {
      logger: quiet ? false : ['log', 'warn', 'error'],
      bodyParser: false,
    },
  );
  // Invoices are base64 XML: allow large documents (ZATCA's own limit is not published).
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  // No ETag: Fatoora's answers are not cacheable, and express hashed every body (~40 KB with a
  // cleared invoice) to make one. No "X-Powered-By: Express" either: ZATCA does not send it.
  app.set('etag', false);
  app.disable('x-powered-by');
  const simulator = app.get<FatooraSimulator>(FATOORA_SIMULATOR);
  // The invoice calls are answered before Express and Nest (fatooraFastPath), the rest by Nest.
  const server: Server = app.getHttpServer();
  const [nest] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', fatooraFastPath(simulator, nest));
  await app.listen(port, hostname);
  const address = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    simulator,
    url: `http://${hostname}:${address.port}`,
    close: () => app.close(),
  };
}
