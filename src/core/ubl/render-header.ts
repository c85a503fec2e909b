import { INVOICE_TYPE_CODE } from '../model/codes';
import type { CanonicalInvoice } from '../model/invoice';
import type { UnsignedInvoice } from '../signing/unsigned-invoice';
import type { SaudiDateTime } from '../time/saudi-time';
import type { ChainValues } from './chain-values';
import { attr, indent, leaf, optionalLeaf, wrap } from './xml-lines';
import { SLOT, XmlTemplate } from './xml-template';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Namespace declarations in C14N order: default namespace first, then prefixes alphabetically.
const ROOT_START =
  '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"' +
  ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"' +
  ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"' +
  ' xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">';

// Up to where ext:UBLExtensions goes; one flat string.
const DOCUMENT_START = [XML_DECLARATION, ROOT_START, indent(1)].join('');

// Slots in text order: ID, UUID, IssueDate, IssueTime, InvoiceTypeCode/@name, InvoiceTypeCode.
const IDENTITY = new XmlTemplate(
  leaf(1, 'cbc:ProfileID', 'reporting:1.0') +
    leaf(1, 'cbc:ID', SLOT) +
    leaf(1, 'cbc:UUID', SLOT) +
    leaf(1, 'cbc:IssueDate', SLOT) +
    leaf(1, 'cbc:IssueTime', SLOT) +
    leaf(1, 'cbc:InvoiceTypeCode', SLOT, attr('name', SLOT)),
);

const CURRENCIES = new XmlTemplate(
  leaf(1, 'cbc:DocumentCurrencyCode', SLOT) + leaf(1, 'cbc:TaxCurrencyCode', 'SAR'),
);

// ICV and PIH (spec 1.5), then the whitespace before where the QR reference goes.
const CHAIN = new XmlTemplate(
  wrap(1, 'cac:AdditionalDocumentReference', leaf(2, 'cbc:ID', 'ICV') + leaf(2, 'cbc:UUID', SLOT)) +
    wrap(
      1,
      'cac:AdditionalDocumentReference',
      leaf(2, 'cbc:ID', 'PIH') +
        wrap(
          2,
          'cac:Attachment',
          leaf(3, 'cbc:EmbeddedDocumentBinaryObject', SLOT, attr('mimeCode', 'text/plain')),
        ),
    ) +
    indent(1),
);

/** KSA-2, e.g. 0100000 (spec 1.2): subtype, then third-party, nominal, export, summary, self-billed. */
export function invoiceTypeName(invoice: CanonicalInvoice): string {
  const t = invoice.transaction;
  const bit = (b: boolean) => (b ? '1' : '0');
  return (
    (invoice.subtype === 'standard' ? '01' : '02') +
    bit(t.thirdParty) +
    bit(t.nominal) +
    bit(t.export) +
    bit(t.summary) +
    bit(t.selfBilled)
  );
}

/**
 * The document from the XML declaration up to cac:AccountingSupplierParty (spec 1.3-1.6), and
 * the offsets where the signer inserts ext:UBLExtensions, the QR reference and cac:Signature.
 */
export function renderHeader(
  invoice: CanonicalInvoice,
  issued: SaudiDateTime,
  chain: ChainValues,
): Pick<UnsignedInvoice, 'xml' | 'insertAt'> {
  let xml = DOCUMENT_START;
  const extensions = xml.length;
  xml += IDENTITY.fill(
    invoice.id,
    invoice.uuid,
    issued.date,
    issued.time,
    invoiceTypeName(invoice),
    INVOICE_TYPE_CODE[invoice.kind],
  );
  for (const note of invoice.notes) xml += leaf(1, 'cbc:Note', note);
  xml += CURRENCIES.fill(invoice.currency) + references(invoice);
  xml += CHAIN.fill(String(chain.icv), chain.pih);
  const qr = xml.length;
  xml += indent(1);
  return { xml, insertAt: { extensions, qr, signature: xml.length } };
}

/** Order, billing (the invoice a note corrects) and contract references, when present. */
function references(invoice: CanonicalInvoice): string {
  return (
    (invoice.orderReference === undefined
      ? ''
      : wrap(1, 'cac:OrderReference', leaf(2, 'cbc:ID', invoice.orderReference))) +
    invoice.billingReferences
      .map((ref) =>
        wrap(
          1,
          'cac:BillingReference',
          wrap(
            2,
            'cac:InvoiceDocumentReference',
            leaf(3, 'cbc:ID', ref.id) + optionalLeaf(3, 'cbc:IssueDate', ref.issueDate),
          ),
        ),
      )
      .join('') +
    (invoice.contractReference === undefined
      ? ''
      : wrap(1, 'cac:ContractDocumentReference', leaf(2, 'cbc:ID', invoice.contractReference)))
  );
}
