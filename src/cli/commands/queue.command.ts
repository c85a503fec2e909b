import type { Command } from 'commander';
import { AuditTrail } from '../../audit/audit-trail.service';
import { DeadLetterService } from '../../invoices/dead-letter.service';
import { InvoiceStatusService } from '../../invoices/invoice-status.service';
import { SubmissionQueue } from '../../queue/submission-queue';
import { SubmissionEvents } from '../../submission/submission-events';
import type { RegisterCommand } from './index';
import { withAppDatabase } from './with-database';

const out = (line: string) => process.stdout.write(`${line}\n`);

export const registerQueueCommand: RegisterCommand = (program: Command) => {
  const queue = program.command('queue').description('the submission queue and its dead letters');
  const services = (ds: Parameters<Parameters<typeof withAppDatabase>[0]>[0]) => {
    const q = new SubmissionQueue(ds);
    const audit = new AuditTrail(ds);
    return {
      status: new InvoiceStatusService(ds, q, audit),
      // No worker in this process: the workers find replayed rows by polling.
      deadLetters: new DeadLetterService(ds, q, audit, new SubmissionEvents()),
    };
  };

  queue
    .command('status')
    .description(
      'invoices per state, queue depth, oldest pending reporting deadline, deadline alerts',
    )
    .action(() =>
      withAppDatabase(async (ds) => {
        out(JSON.stringify(await services(ds).status.status(), null, 2));
      }),
    );

  queue
    .command('dead-letters')
    .description('list dead letters (reason, ZATCA messages)')
    .option(
      '--reason <reason>',
      'rejected, unauthorized, certificate-expired, unit-unavailable, unexpected-response',
    )
    .option('--egs <unitId>')
    .action((o: { reason?: string; egs?: string }) =>
      withAppDatabase(async (ds) => {
        for (const d of await services(ds).status.deadLetters({
          reason: o.reason,
          unitId: o.egs,
        })) {
          out(
            `${d.uuid}  unit ${d.unitId}  ICV ${d.icv}  ${d.deadReason}  ${d.messages.map((m) => m.code).join(',')}  ${d.lastError ?? ''}`,
          );
        }
      }),
    );

  queue
    .command('inspect <uuid>')
    .description('one invoice with its history from the audit trail')
    .action((uuid: string) =>
      withAppDatabase(async (ds) => {
        const found = await services(ds).status.invoice(uuid);
        if (!found) {
          process.stderr.write(`zatca: no invoice ${uuid}\n`);
          process.exitCode = 1;
          return;
        }
        out(
          JSON.stringify(
            {
              ...found,
              qr: undefined,
              clearedInvoice: found.clearedInvoice ? '(base64 omitted)' : null,
            },
            null,
            2,
          ),
        );
      }),
    );

  queue
    .command('replay <uuid>')
    .description(
      'queue a dead letter again with its identical signed bytes (a rejected one needs a corrected document instead)',
    )
    .option('--operator <name>', 'who replays (audit trail)', process.env.USER ?? 'cli')
    .action((uuid: string, o: { operator: string }) =>
      withAppDatabase(async (ds) => {
        try {
          const result = await services(ds).deadLetters.replay(uuid, `operator:${o.operator}`);
          out(`${result.uuid}: ${result.state} (queued again)`);
        } catch (err) {
          process.stderr.write(`zatca: ${(err as Error).message}\n`);
          process.exitCode = 1;
        }
      }),
    );
};
