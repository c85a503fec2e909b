import { Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import {
  CSR_ENVIRONMENTS,
  CERTIFICATE_TEMPLATE_NAMES,
  generateCsr,
  parseCsrConfig,
  type CsrEnvironment,
} from '../../core/csr';
import { generateSecp256k1KeyPair, loadPrivateKey, privateKeyToSec1Pem } from '../../core/keys';
import type { RegisterCommand } from './index';

export interface CsrCommandOptions {
  config: string;
  env: CsrEnvironment;
  key?: string;
  keyOut?: string;
  pem?: boolean;
  output?: string;
}

/** Where the command writes; the process streams in the CLI, buffers in tests. */
export interface CsrCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Generates (or loads) the EGS unit's key and writes its CSR. The private key only ever goes
 * to the --key-out file, created with mode 0600 and never over an existing file.
 */
export function runCsrCommand(options: CsrCommandOptions, io: CsrCommandIo): void {
  if (options.key !== undefined && options.keyOut !== undefined) {
    throw new Error(
      'give either --key (use an existing key) or --key-out (generate one), not both',
    );
  }
  if (options.key === undefined && options.keyOut === undefined) {
    throw new Error('give --key <file> to use an existing key or --key-out <file> to generate one');
  }
  const fields = withPath(options.config, () =>
    parseCsrConfig(readInput(options.config, 'config')),
  );
  const privateKey: KeyObject =
    options.key !== undefined
      ? withPath(options.key, () => loadPrivateKey(readInput(options.key!, 'key')))
      : generateSecp256k1KeyPair().privateKey;
  // Build the CSR before writing anything, so a failure leaves no orphan key file.
  const csr = generateCsr({ fields, privateKey, environment: options.env });

  if (options.keyOut !== undefined) writePrivateKey(options.keyOut, privateKey);
  const text = options.pem ? csr.pem : `${csr.base64}\n`;
  if (options.output !== undefined) {
    withPath(options.output, () => writeFileSync(options.output!, text));
  } else {
    io.stdout(text);
  }
  const where = options.output !== undefined ? `written to ${options.output}` : 'printed to stdout';
  const keyNote = options.keyOut !== undefined ? `; private key written to ${options.keyOut}` : '';
  io.stderr(
    `CSR (${options.pem ? 'PEM' : 'base64'}, ${options.env}, ` +
      `${CERTIFICATE_TEMPLATE_NAMES[options.env]}) ${where}${keyNote}\n`,
  );
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${what} file (${errorCode(error)})`);
  }
}

function writePrivateKey(path: string, privateKey: KeyObject): void {
  try {
    // 'wx': a key already bound to a certificate must never be silently replaced.
    writeFileSync(path, privateKeyToSec1Pem(privateKey), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw new Error(
        `${path}: key file already exists; not overwriting it (use --key to reuse it)`,
      );
    }
    throw new Error(`${path}: cannot write key file (${errorCode(error)})`);
  }
}

/** Prefixes any error from `work` with the file it concerns, keeping it to one line. */
function withPath<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith(`${path}:`) ? message : `${path}: ${message}`);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
}

export const registerCsrCommand: RegisterCommand = (program: Command) => {
  program
    .command('csr')
    .description("generate an EGS unit's key pair and certificate signing request for onboarding")
    .requiredOption('-c, --config <file>', 'csr-config properties file, in the ZATCA SDK format')
    .addOption(
      new Option('--env <environment>', 'Fatoora environment the certificate is for')
        .choices(CSR_ENVIRONMENTS)
        .default('sandbox'),
    )
    .option('--key <file>', 'use this existing secp256k1 private key (PEM or SDK base64)')
    .option('--key-out <file>', 'generate a new key and write it here (SEC1 PEM, mode 0600)')
    .option('--pem', 'write the CSR as PEM instead of base64 of the PEM')
    .option('-o, --output <file>', 'write the CSR to this file instead of stdout')
    .addHelpText(
      'after',
      [
        '',
        'The config file has the keys of the SDK template (UTF-8; Arabic allowed):',
        '  csr.common.name, csr.serial.number (1-...|2-...|3-...),',
        '  csr.organization.identifier (VAT number), csr.organization.unit.name,',
        '  csr.organization.name, csr.country.name, csr.invoice.type (e.g. 1100),',
        '  csr.location.address, csr.industry.business.category',
        '',
        'Give exactly one of --key (reuse a key) and --key-out (generate one). A key file is',
        'never overwritten: the key of an onboarded EGS unit must not be lost.',
        '',
        'Certificate template name by --env: sandbox TSTZATCA-Code-Signing,',
        '  simulation PREZATCA-Code-Signing, production ZATCA-Code-Signing.',
        '',
        'Output: by default base64 of the PEM text, the value of "csr" in the body of',
        'POST /compliance; --pem writes the PEM itself. The private key is never printed.',
        '',
        'Examples:',
        '  zatca csr --config csr-config.properties --key-out egs1.key > egs1.csr.b64',
        '  zatca csr --config csr-config.properties --env simulation --key egs1.key --pem -o egs1.csr',
      ].join('\n'),
    )
    .action((options: CsrCommandOptions) =>
      runCsrCommand(options, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      }),
    );
};
