import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { setupOpenApi } from './openapi';

/** Builds the Nest application (not yet listening): pino logger, OpenAPI docs. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    // Throw instead of process.abort(), so the caller can report the error on one line.
    abortOnError: false,
  });
  configureApp(app);
  return app;
}

/** What every instance of the app needs, including the ones tests create. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  // Invoices travel as base64 XML inside JSON; Express's 100 kB default is too small for them.
  (app as NestExpressApplication).useBodyParser('json', { limit: '10mb' });
  setupOpenApi(app);
}
