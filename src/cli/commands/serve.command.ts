import type { Command } from 'commander';
import { readEnvironment } from '../../config/environment';
import { loadConfig } from '../../config/load-config';
import { startHost } from '../../http/start-host';
import type { RegisterCommand } from './index';

interface ServeOptions {
  host?: string;
  port?: string;
}

export const registerServeCommand: RegisterCommand = (program: Command) => {
  program
    .command('serve')
    .description('start the HTTP host (health at /health, API docs at /docs)')
    .option('--host <host>', 'address to listen on (overrides HOST, default 127.0.0.1)')
    .option(
      '--port <port>',
      'port to listen on, 0 for any free port (overrides PORT, default 3000)',
    )
    .addHelpText(
      'after',
      `
Settings come from the environment and from ./.env (see docs/configuration.md):
  DATABASE_URL   sqlite:<path> (default sqlite:./data/zatca.sqlite) or mysql://user:pass@host:port/db
  DB_MIGRATIONS  auto (default for SQLite) runs pending migrations at start;
                 manual (default for MariaDB/MySQL) refuses to start until \`zatca db migrate\`
  HOST, PORT, LOG_LEVEL, NODE_ENV

Stops cleanly on SIGTERM or SIGINT.`,
    )
    .action(async (options: ServeOptions) => {
      const env = { ...readEnvironment() };
      if (options.host !== undefined) env.HOST = options.host;
      if (options.port !== undefined) env.PORT = options.port;
      await startHost(loadConfig(env));
    });
};
