import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { setupOpenApi } from './openapi';

/** Builds the Nest application (not yet listening): pino logger, OpenAPI docs. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    bufferLogs: true,
    // Throw instead of process.abort(), so the caller can report the error on one line.
    abortOnError: false,
  });
  configureApp(app);
  return app;
}

/** What every instance of the app needs, including the ones tests create. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  setupOpenApi(app);
}
