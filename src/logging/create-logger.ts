import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { maskDatabaseUrl } from '../config/database-url';

/** Fields never written to the logs, whatever the code logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'secret',
  'privateKey',
  'otp',
  '*.password',
  '*.secret',
  '*.privateKey',
  '*.otp',
];

// Credentials inside any URL in a log message, e.g. a driver error quoting DATABASE_URL.
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:[^\s@/]*@/gi;

/** The process's JSON logger (stdout unless a destination is given, as tests do). */
export function createLogger(
  config: Pick<AppConfig, 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) =>
          typeof arg === 'string'
            ? arg.replace(URL_WITH_PASSWORD, (url) => maskDatabaseUrl(url))
            : arg,
        );
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
