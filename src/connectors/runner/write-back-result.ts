import type { FatooraMessage } from '../../fatoora';
import type { InvoiceEntity } from '../../invoices/invoice.entity';
import type { WriteBackResult } from '../connector';
import type { MappingProblem } from '../connector-errors';

const DEAD_REASONS: Record<string, string> = {
  rejected: 'ZATCA rejected the invoice',
  unauthorized: "ZATCA refused the unit's credentials (CSID); renew or re-onboard the unit",
  'certificate-expired': "the unit's certificate expired; renew it, then correct the invoice",
  'unit-unavailable': 'the EGS unit cannot sign',
  'unexpected-response': 'ZATCA answered in a way we do not understand; an operator must look',
};

/** A final invoice as the ERP should show it: status, UUID, hash, QR, ICV, XML, words. */
export function invoiceWriteBack(invoice: InvoiceEntity): WriteBackResult {
  const messages = invoice.zatcaMessages
    ? (JSON.parse(invoice.zatcaMessages) as FatooraMessage[])
    : [];
  const common = {
    uuid: invoice.uuid,
    invoiceHash: invoice.invoiceHash,
    qr: invoice.qr,
    icv: Number(invoice.icv),
  };
  const file = invoice.invoiceNumber.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (invoice.state === 'cleared' || invoice.state === 'reported') {
    const cleared = invoice.state === 'cleared';
    const warnings = messages.filter((m) => /warn/i.test(m.category) || /warn/i.test(m.code));
    return {
      ...common,
      status: cleared ? 'CLEARED' : 'REPORTED',
      message:
        `ZATCA ${cleared ? 'cleared' : 'accepted (reported)'} invoice ${invoice.invoiceNumber}` +
        ` (UUID ${invoice.uuid}, counter ${invoice.icv}).` +
        (warnings.length ? ` Warnings: ${describe(warnings)}` : ''),
      xml:
        cleared && invoice.clearedXml
          ? { fileName: `${file}-cleared.xml`, content: invoice.clearedXml }
          : { fileName: `${file}-signed.xml`, content: invoice.signedXml },
    };
  }
  const reason = DEAD_REASONS[invoice.deadReason ?? ''] ?? `not accepted (${invoice.state})`;
  const errors = messages.filter((m) => !/warn/i.test(m.category));
  return {
    ...common,
    status: 'REJECTED',
    message:
      `${reason}: invoice ${invoice.invoiceNumber} was not accepted.` +
      (errors.length ? ` ${describe(errors)}` : invoice.lastError ? ` ${invoice.lastError}` : '') +
      ' Issue a corrected document; this one stays on record with its counter.',
    xml: { fileName: `${file}-signed.xml`, content: invoice.signedXml },
  };
}

/** A record we could not turn into an invoice: what to fix, field by field. */
export function mappingErrorWriteBack(problems: MappingProblem[]): WriteBackResult {
  return {
    status: 'ERROR',
    message:
      'Not sent to ZATCA: ' +
      (problems.length
        ? problems.map((p) => `${p.field}: ${p.rule}`).join('; ')
        : 'the record could not be mapped') +
      '. Fix it and the connector tries again.',
  };
}

function describe(messages: FatooraMessage[]): string {
  return messages.map((m) => `${m.code}: ${m.message}`).join('; ');
}
