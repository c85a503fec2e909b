import { parseXml } from '../xml/parse-xml';
import { readUuid } from './document-fields';
import { invoiceHashBytesOfDocument } from './invoice-hash';
import type { SignedInvoice } from './sign-invoice';

/** Body of the compliance, reporting and clearance calls (spec 6.3). */
export interface InvoiceRequestBody {
  invoiceHash: string;
  uuid: string;
  /** base64 of the exact document bytes (UTF-8). */
  invoice: string;
}

/**
 * Request body for any signed document; parses it for the hash and UUID. Pass the file's bytes
 * to have `invoice` carry exactly them, whatever their encoding quirks.
 */
export function requestBody(document: string | Uint8Array): InvoiceRequestBody {
  const bytes =
    typeof document === 'string' ? Buffer.from(document, 'utf8') : Buffer.from(document);
  const xml = typeof document === 'string' ? document : bytes.toString('utf8');
  const doc = parseXml(xml, 'invoice');
  const uuid = readUuid(doc.documentElement!);
  if (!uuid) throw new Error('invoice has no cbc:UUID, which the API body requires');
  return {
    invoiceHash: invoiceHashBytesOfDocument(doc).toString('base64'),
    uuid: uuid.trim(),
    invoice: bytes.toString('base64'),
  };
}

/** Request body for a document just signed here, without parsing it again. */
export function requestBodyOf(signed: SignedInvoice): InvoiceRequestBody {
  if (!signed.uuid) throw new Error('signed invoice has no cbc:UUID, which the API body requires');
  return {
    invoiceHash: signed.invoiceHash,
    uuid: signed.uuid,
    invoice: Buffer.from(signed.xml, 'utf8').toString('base64'),
  };
}
