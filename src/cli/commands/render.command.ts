import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { issueInvoice } from '../../core/issue';
import { loadSigningCredentials } from '../../core/signing';
import { INITIAL_PIH } from '../../core/ubl';
import type { RegisterCommand } from './index';
import { aboutFile, processOutput, readInputFile, type CommandOutput } from './signing-io';

export interface RenderCommandOptions {
  icv: number;
  pih: string;
  key: string;
  cert: string;
  signingTime?: string;
  output?: string;
}

/**
 * Canonical invoice JSON to signed UBL: validates the model, computes and checks the totals,
 * renders and signs. Model, totals and mismatch errors name the field and the rule.
 */
export function runRenderCommand(
  file: string,
  options: RenderCommandOptions,
  out: CommandOutput = processOutput,
): void {
  const text = readInputFile(file, 'canonical invoice');
  const input = aboutFile(file, () => parseJson(text));
  const credentials = aboutFile(options.cert, () =>
    loadSigningCredentials({
      privateKey: readInputFile(options.key, 'private key'),
      certificate: readInputFile(options.cert, 'certificate'),
    }),
  );
  const pih = options.pih === 'initial' ? INITIAL_PIH : options.pih;
  const issued = aboutFile(file, () =>
    issueInvoice(input, { icv: options.icv, pih, credentials, signingTime: options.signingTime }),
  );
  if (!options.output) {
    out.stdout(issued.signed.xml);
    return;
  }
  try {
    writeFileSync(options.output, issued.signed.xml, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new Error(`${options.output}: cannot write the signed invoice (${code})`);
  }
  out.stdout(
    `rendered and signed ${file} -> ${options.output}\n` +
      `invoice hash: ${issued.signed.invoiceHash}\n` +
      `total with VAT: ${issued.unsigned.qrFields?.totalWithVat} ${issued.invoice.currency}\n`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
}

function parseIcv(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a positive whole number (BR-KSA-34)');
  }
  return Number(value);
}

export const registerRenderCommand: RegisterCommand = (program: Command) => {
  program
    .command('render')
    .description('turn a canonical invoice JSON into signed UBL (validate, totals, render, sign)')
    .argument('<file>', 'canonical invoice JSON (docs/canonical-invoice.md)')
    .requiredOption('--icv <n>', 'invoice counter value of this EGS (KSA-16)', parseIcv)
    .requiredOption(
      '--pih <hash>',
      'previous invoice hash, base64; "initial" for the first document of an EGS',
    )
    .requiredOption('--key <file>', 'EC secp256k1 private key: PEM (SEC1 or PKCS#8) or bare base64')
    .requiredOption('--cert <file>', 'X.509 certificate (CSID): PEM, bare base64 or DER')
    .option('--signing-time <time>', 'xades:SigningTime, e.g. 2025-07-22T15:51:28 (default: now)')
    .option('-o, --output <file>', 'write the signed XML here (default: stdout)')
    .addHelpText(
      'after',
      [
        '',
        'Issue date and time are the invoice instant ("issuedAt") in Saudi time (UTC+3).',
        'When the JSON states totals ("expectedTotals", line "expected") that differ from the',
        'computed ones, nothing is signed and each difference is explained.',
        '',
        'Example:',
        '  zatca render invoice.json --icv 1 --pih initial --key key.pem --cert cert.pem -o signed.xml',
      ].join('\n'),
    )
    .action((file: string, options: RenderCommandOptions) => runRenderCommand(file, options));
};
