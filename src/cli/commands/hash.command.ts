import type { Command } from 'commander';
import { invoiceHash } from '../../core/signing';
import type { RegisterCommand } from './index';
import { aboutFile, processOutput, readInputFile, type CommandOutput } from './signing-io';

/** Prints the invoice hash of a document (signed or not) as base64. */
export function runHashCommand(file: string, out: CommandOutput = processOutput): void {
  const xml = readInputFile(file, 'invoice');
  out.stdout(`${aboutFile(file, () => invoiceHash(xml))}\n`);
}

export const registerHashCommand: RegisterCommand = (program: Command) => {
  program
    .command('hash')
    .description('print the invoice hash (KSA-13 / DigestValue / API invoiceHash) of an invoice')
    .argument('<file>', 'UBL invoice, credit or debit note XML, signed or not')
    .addHelpText(
      'after',
      [
        '',
        'The hash ignores ext:UBLExtensions, the QR reference and cac:Signature, so signing does',
        'not change it. Printed as base64 of the raw SHA-256 over the inclusive C14N (44 chars).',
        '',
        'Example:',
        '  zatca hash Simplified_Invoice.xml',
      ].join('\n'),
    )
    .action((file: string) => runHashCommand(file));
};
