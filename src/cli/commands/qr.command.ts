import type { Command } from 'commander';
import { decodeQr, QR_TAG_NAMES } from '../../core/qr';
import { inspectInvoice } from '../../core/signing';
import type { RegisterCommand } from './index';
import { aboutFile, processOutput, readInputFile, type CommandOutput } from './signing-io';

/** Binary tags (public key, certificate signature) print as base64. */
const BINARY_TAGS = new Set([8, 9]);

/** Decodes the QR code of an invoice, or a file holding just the base64 payload. */
export function runQrCommand(
  file: string,
  options: { json?: boolean },
  out: CommandOutput = processOutput,
): void {
  const text = readInputFile(file, 'invoice');
  const qr = aboutFile(file, () => decodeQr(qrPayloadOf(text)));
  const tags = qr.entries.map(({ tag, value }) => ({
    tag,
    name: QR_TAG_NAMES[tag] ?? 'unknown',
    encoding: BINARY_TAGS.has(tag) ? 'base64' : 'utf8',
    value: Buffer.from(value).toString(BINARY_TAGS.has(tag) ? 'base64' : 'utf8'),
  }));
  if (options.json) {
    out.stdout(`${JSON.stringify(tags, null, 2)}\n`);
    return;
  }
  for (const t of tags) out.stdout(`${t.tag} ${t.name}: ${t.value}\n`);
}

function qrPayloadOf(text: string): string {
  if (!text.trimStart().startsWith('<')) return text.trim();
  const { qr } = inspectInvoice(text);
  if (qr === undefined) throw new Error('the invoice has no QR AdditionalDocumentReference');
  return qr;
}

export const registerQrCommand: RegisterCommand = (program: Command) => {
  program
    .command('qr')
    .description("decode an invoice's QR code (KSA-14) into its TLV tags")
    .argument('<file>', 'signed invoice XML, or a text file holding the base64 QR payload')
    .option('--json', 'print the tags as a JSON array instead of one line each')
    .addHelpText(
      'after',
      [
        '',
        'Prints one line per tag: "<tag> <name>: <value>". Tags 1-7 are text; 8 (public key) and',
        '9 (certificate signature, simplified documents only) are DER, shown as base64.',
        '',
        'Example:',
        '  zatca qr Simplified_Invoice.xml --json',
      ].join('\n'),
    )
    .action((file: string, options: { json?: boolean }) => runQrCommand(file, options));
};
