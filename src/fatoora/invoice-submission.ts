import type { InvoiceSubmission } from './wire-types';

/** API body for a signed document: base64 of the exact bytes, never re-serialized (spec 2.3). */
export function invoiceSubmission(
  signedXml: string | Buffer,
  invoiceHash: string,
  uuid: string,
): InvoiceSubmission {
  const bytes = typeof signedXml === 'string' ? Buffer.from(signedXml, 'utf8') : signedXml;
  return { invoiceHash, uuid, invoice: bytes.toString('base64') };
}
