import type { InvoiceEntity } from '../../src/invoices/invoice.entity';

/** A pending invoice row with placeholder values, for tests of the tables' own behaviour. */
export function invoiceRow(source: string, recordId: string, icv: number): InvoiceEntity {
  const now = new Date().toISOString();
  return {
    uuid: `00000000-0000-4000-8000-${String(icv).padStart(12, '0')}`,
    source,
    recordId,
    unitId: 'u1',
    icv,
    pih: 'pih',
    invoiceHash: `hash-${icv}`,
    invoiceNumber: `INV-${icv}`,
    kind: 'invoice',
    subtype: 'simplified',
    sellerVat: '399999999900003',
    issuedAt: now,
    signedAt: now,
    currency: 'SAR',
    taxAmount: '0.15',
    payableAmount: '1.15',
    signedXml: '<Invoice/>',
    qr: 'qr',
    clearedXml: null,
    state: 'pending',
    route: 'reporting',
    deadReason: null,
    zatcaStatus: null,
    zatcaMessages: null,
    attempts: 0,
    lastError: null,
    reportingDeadline: null,
    deadlineAlert: null,
    correctsUuid: null,
    archivedPath: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
}
