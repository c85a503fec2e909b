import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { SignerBackend } from '../../core/crypto';
import { loadSigningCredentials, signInvoice, stripSignature } from '../../core/signing';
import type { RegisterCommand } from './index';
import { aboutFile, processOutput, readInputFile, type CommandOutput } from './signing-io';

export interface SignCommandOptions {
  key: string;
  cert: string;
  signingTime?: string;
  output?: string;
  backend?: SignerBackend;
}

/**
 * Signs an invoice, replacing any signature and QR it already has. The signed XML goes to
 * --output, or to stdout when none is given.
 */
export function runSignCommand(
  file: string,
  options: SignCommandOptions,
  out: CommandOutput = processOutput,
): void {
  const xml = readInputFile(file, 'invoice');
  const privateKey = readInputFile(options.key, 'private key');
  const certificate = readInputFile(options.cert, 'certificate');
  const credentials = loadCredentials(privateKey, certificate, options);
  const signed = aboutFile(file, () =>
    signInvoice(stripSignature(xml), credentials, { signingTime: options.signingTime }),
  );
  if (!options.output) {
    out.stdout(signed.xml);
    return;
  }
  try {
    writeFileSync(options.output, signed.xml, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new Error(`${options.output}: cannot write the signed invoice (${code})`);
  }
  out.stdout(`signed ${file} -> ${options.output}\ninvoice hash: ${signed.invoiceHash}\n`);
}

// Names the option at fault: key and certificate problems look alike otherwise.
function loadCredentials(privateKey: string, certificate: string, options: SignCommandOptions) {
  try {
    return loadSigningCredentials({ privateKey, certificate, backend: options.backend });
  } catch (err) {
    const message = (err as Error).message;
    const option = message.startsWith('certificate')
      ? `--cert ${options.cert}`
      : `--key ${options.key}`;
    throw new Error(`${option}: ${message}`);
  }
}

function parseBackend(value: string): SignerBackend {
  if (value !== 'node' && value !== 'secp256k1') {
    throw new InvalidArgumentError('expected node or secp256k1');
  }
  return value;
}

export const registerSignCommand: RegisterCommand = (program: Command) => {
  program
    .command('sign')
    .description('sign an invoice with an EGS key and certificate (XAdES stamp, QR, cac:Signature)')
    .argument('<file>', 'UBL invoice, credit or debit note XML; an existing signature is replaced')
    .requiredOption('--key <file>', 'EC secp256k1 private key: PEM (SEC1 or PKCS#8) or bare base64')
    .requiredOption('--cert <file>', 'X.509 certificate (CSID): PEM, bare base64 or DER')
    .option(
      '--signing-time <time>',
      'xades:SigningTime, used verbatim, e.g. 2025-07-22T15:51:28 (default: now, UTC, no Z)',
    )
    .option('-o, --output <file>', 'write the signed XML here (default: stdout)')
    .option('--backend <name>', 'ECDSA implementation: node or secp256k1', parseBackend, 'node')
    .addHelpText(
      'after',
      [
        '',
        'Everything outside ext:UBLExtensions, the QR reference and cac:Signature is kept byte',
        'for byte, so the invoice hash of the input is the hash of the output.',
        '',
        'Example:',
        '  zatca sign invoice.xml --key ec-secp256k1-priv-key.pem --cert cert.pem -o signed.xml',
      ].join('\n'),
    )
    .action((file: string, options: SignCommandOptions) => runSignCommand(file, options));
};
