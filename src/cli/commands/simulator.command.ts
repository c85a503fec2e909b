import type { Command } from 'commander';
import type { RegisterCommand } from './index';

interface SimulatorCommandOptions {
  port: string;
  host: string;
  stateDir?: string;
  strict?: boolean;
  otpMode?: string;
}

export const registerSimulatorCommand: RegisterCommand = (program: Command) => {
  program
    .command('simulator')
    .description("run the Fatoora simulator alone: ZATCA's API paths, its own CA, fault injection")
    .option('--port <port>', 'port to listen on, 0 for any free port', '8443')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--state-dir <dir>',
      'CA, issued CSIDs, chains and exchange log (default ./data/simulator)',
    )
    .option(
      '--strict',
      'ICV/PIH discontinuity and certificate/VAT mismatch are errors, not warnings',
    )
    .option(
      '--otp-mode <mode>',
      "'fixed' (sandbox OTPs 123345 / 123456) or 'one-time' (minted via admin)",
    )
    .addHelpText(
      'after',
      `
Endpoints: /e-invoicing/{developer-portal|simulation|core}/... as on ZATCA's gateway;
point FatooraClient at it with host http://HOST:PORT.
Admin: GET/PUT/DELETE /simulator/admin/faults, GET /simulator/admin/exchanges,
POST /simulator/admin/otps, GET /simulator/admin/csids, POST /simulator/admin/csids/:id/revoke.
Faults from the environment: SIMULATOR_FAULT_LATENCY_MS, SIMULATOR_FAULT_SERVER_ERROR_RATE,
SIMULATOR_FAULT_TIMEOUT_RATE, SIMULATOR_FAULT_RATE_LIMIT_RATE, SIMULATOR_FAULT_RETRY_AFTER_S,
SIMULATOR_CLEARANCE_OFF. Every exchange goes to <state dir>/exchanges.jsonl, rotated at
SIMULATOR_EXCHANGE_LOG_MAX_BYTES (default 64 MiB; 0 never); SIMULATOR_EXCHANGE_LOG=false keeps
them in memory only (see docs/simulator-conformance.md). SIMULATOR_DUPLICATE_MEMORY (default
5000) accepted submissions are remembered for duplicate answers, the oldest forgotten first;
a resend of a forgotten one is answered as a new submission.`,
    )
    .action(async (options: SimulatorCommandOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port: not a port: ${options.port}`);
      if (
        options.otpMode !== undefined &&
        options.otpMode !== 'fixed' &&
        options.otpMode !== 'one-time'
      ) {
        throw new Error("--otp-mode: 'fixed' or 'one-time'");
      }
      // Loaded here so other commands do not pay for Nest at start-up.
      const { startSimulator } = await import('../../simulator/standalone');
      const running = await startSimulator({
        port,
        hostname: options.host,
        stateDir: options.stateDir,
        strict: options.strict,
        otpMode: options.otpMode,
      });
      process.stdout.write(
        `Fatoora simulator listening on ${running.url} (state in ${running.simulator.options.stateDir})\n`,
      );
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
};
