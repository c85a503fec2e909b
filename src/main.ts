import { readEnvironment } from './config/environment';
import { loadConfig } from './config/load-config';
import { startHost } from './http/start-host';

// Entry for `nest start` (development). The installed command is `zatca serve`, which does the
// same through the CLI.
startHost(loadConfig(readEnvironment())).catch((err: unknown) => {
  process.stderr.write(`zatca: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
