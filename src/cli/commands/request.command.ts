import type { Command } from 'commander';
import { requestBody } from '../../core/signing';
import type { RegisterCommand } from './index';
import { aboutFile, processOutput, readInputBytes, type CommandOutput } from './signing-io';

/** Prints the Fatoora API body ({invoiceHash, uuid, invoice}) for a signed invoice. */
export function runRequestCommand(file: string, out: CommandOutput = processOutput): void {
  // Bytes, not text: the body must carry the file exactly as it is.
  const bytes = readInputBytes(file, 'invoice');
  out.stdout(
    `${JSON.stringify(
      aboutFile(file, () => requestBody(bytes)),
      null,
      2,
    )}\n`,
  );
}

export const registerRequestCommand: RegisterCommand = (program: Command) => {
  program
    .command('request')
    .description('print the API request body for a signed invoice (compliance/reporting/clearance)')
    .argument('<file>', 'signed UBL invoice, credit or debit note XML')
    .addHelpText(
      'after',
      [
        '',
        'Prints {"invoiceHash", "uuid", "invoice"} as JSON: invoice is base64 of the file bytes',
        'exactly as read, so submit the same file that was hashed.',
        '',
        'Example:',
        '  zatca request signed.xml > body.json',
      ].join('\n'),
    )
    .action((file: string) => runRequestCommand(file));
};
