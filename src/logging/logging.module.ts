import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { createLogger } from './create-logger';

/** nestjs-pino: Nest's own logs and one line per HTTP request, as JSON on stdout. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          logger: createLogger(config),
          // Liveness probes hit every few seconds; logging each one buries the useful lines.
          autoLogging: { ignore: (req) => req.url === '/health/live' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
