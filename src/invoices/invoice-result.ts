import type { FatooraMessage } from '../fatoora';
import type { InvoiceEntity } from './invoice.entity';

/** What the intake and the status API answer about one invoice. */
export interface InvoiceResult {
  uuid: string;
  source: string;
  recordId: string;
  unitId: string;
  icv: number;
  invoiceHash: string;
  subtype: 'standard' | 'simplified';
  state: string;
  zatcaStatus: string | null;
  deadReason: string | null;
  /** ZATCA's errors and warnings. */
  messages: FatooraMessage[];
  /** ZATCA warnings our pre-flight found (src/core/rules), on the response to the submission. */
  preflightWarnings?: { field: string; code: string; rule: string }[];
  /** base64 TLV QR of the signed document (simplified: hand it to the buyer at once). */
  qr: string;
  /** Standard documents: ZATCA's cleared XML, base64, once cleared. */
  clearedInvoice: string | null;
  reportingDeadline: string | null;
  payableAmount: string;
  currency: string;
  correctsUuid: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
  /** True when this answer is for an earlier submission with the same source and record ID. */
  replayed: boolean;
}

/**
 * `clearedBytes`, when the caller has them, are the UTF-8 of `row.clearedXml` (as ZATCA sent
 * them): their base64 is the answer's, without encoding the text again.
 */
export function invoiceResult(
  row: InvoiceEntity,
  replayed = false,
  clearedBytes?: Buffer,
): InvoiceResult {
  return {
    uuid: row.uuid,
    source: row.source,
    recordId: row.recordId,
    unitId: row.unitId,
    icv: Number(row.icv),
    invoiceHash: row.invoiceHash,
    subtype: row.subtype,
    state: row.state,
    zatcaStatus: row.zatcaStatus,
    deadReason: row.deadReason,
    messages: row.zatcaMessages ? (JSON.parse(row.zatcaMessages) as FatooraMessage[]) : [],
    qr: row.qr,
    clearedInvoice: row.clearedXml
      ? (clearedBytes ?? Buffer.from(row.clearedXml, 'utf8')).toString('base64')
      : null,
    reportingDeadline: row.reportingDeadline,
    payableAmount: row.payableAmount,
    currency: row.currency,
    correctsUuid: row.correctsUuid,
    attempts: Number(row.attempts),
    lastError: row.lastError,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    replayed,
  };
}
