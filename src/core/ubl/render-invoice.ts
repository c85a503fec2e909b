import { INVOICE_TYPE_CODE } from '../model/codes';
import type { CanonicalInvoice } from '../model/invoice';
import { prepaymentLineId } from '../model/invoice-rules';
import type { UnsignedInvoice } from '../signing/unsigned-invoice';
import { toSaudiDateTime } from '../time/saudi-time';
import type { InvoiceTotals } from '../totals/compute-totals';
import { chainProblems, type ChainValues } from './chain-values';
import { renderAllowanceCharge } from './render-allowance-charge';
import { HashWriter } from './hash-writer';
import { renderPrepaymentLine, renderLinePieces } from './render-lines';
import { renderCustomerParty, renderSupplierParty } from './render-parties';
import { renderMonetaryTotal, renderTaxTotals } from './render-tax';
import { attr, indent, leaf, optionalLeaf, wrap } from './xml-lines';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Parts stay well below the size at which V8 allocates a flat string outside its young
// generation (128 KB, i.e. 64k two-byte characters), so hashing them never builds one.
const PART_LENGTH = 16_384;

// Namespace declarations in C14N order: default namespace first, then prefixes alphabetically.
const ROOT_START =
  '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"' +
  ' xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"' +
  ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"' +
  ' xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">';

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
 * Renders the UBL 2.1 document (spec 1.3-1.13) in exact inclusive-C14N form, without the
 * parts the signer adds: `ext:UBLExtensions`, the QR reference and `cac:Signature`. The
 * whitespace around their places stays in the text, because ZATCA's hash keeps it (spec 2.2).
 * `invoice` must come from parseCanonicalInvoice and `totals` from computeInvoiceTotals.
 */
export function renderInvoice(
  invoice: CanonicalInvoice,
  totals: InvoiceTotals,
  chain: ChainValues,
): UnsignedInvoice {
  const problems = chainProblems(chain);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const currency = invoice.currency;
  const issued = toSaudiDateTime(invoice.issuedAt);
  const isNote = invoice.kind === 'credit-note' || invoice.kind === 'debit-note';

  let xml = XML_DECLARATION + ROOT_START + indent(1);
  const extensions = xml.length;
  xml +=
    leaf(1, 'cbc:ProfileID', 'reporting:1.0') +
    leaf(1, 'cbc:ID', invoice.id) +
    leaf(1, 'cbc:UUID', invoice.uuid) +
    leaf(1, 'cbc:IssueDate', issued.date) +
    leaf(1, 'cbc:IssueTime', issued.time) +
    leaf(
      1,
      'cbc:InvoiceTypeCode',
      INVOICE_TYPE_CODE[invoice.kind],
      attr('name', invoiceTypeName(invoice)),
    ) +
    invoice.notes.map((n) => leaf(1, 'cbc:Note', n)).join('') +
    leaf(1, 'cbc:DocumentCurrencyCode', currency) +
    leaf(1, 'cbc:TaxCurrencyCode', 'SAR') +
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
      : wrap(1, 'cac:ContractDocumentReference', leaf(2, 'cbc:ID', invoice.contractReference))) +
    wrap(
      1,
      'cac:AdditionalDocumentReference',
      leaf(2, 'cbc:ID', 'ICV') + leaf(2, 'cbc:UUID', String(chain.icv)),
    ) +
    wrap(
      1,
      'cac:AdditionalDocumentReference',
      leaf(2, 'cbc:ID', 'PIH') +
        wrap(
          2,
          'cac:Attachment',
          leaf(3, 'cbc:EmbeddedDocumentBinaryObject', chain.pih, attr('mimeCode', 'text/plain')),
        ),
    ) +
    indent(1);
  const qr = xml.length;
  xml += indent(1);
  const signature = xml.length;
  // The invoice hash is computed as the text is made: C14N output starts at the root element.
  const hasher = new HashWriter();
  hasher.write(xml.slice(XML_DECLARATION.length));
  // The text after the header goes into parts of about PART_LENGTH characters.
  const parts: string[] = [];
  let chunk = xml;
  const add = (text: string) => {
    hasher.write(text);
    chunk += text;
    if (chunk.length >= PART_LENGTH) {
      parts.push(chunk);
      chunk = '';
    }
  };

  add(renderSupplierParty(invoice.seller) + renderCustomerParty(invoice.buyer));
  if (invoice.supplyDate !== undefined) {
    add(
      wrap(
        1,
        'cac:Delivery',
        leaf(2, 'cbc:ActualDeliveryDate', invoice.supplyDate) +
          optionalLeaf(2, 'cbc:LatestDeliveryDate', invoice.supplyEndDate),
      ),
    );
  }
  // Every PaymentMeans of a note carries the reason (BR-KSA-17 checks each one); a note
  // without payment data gets code 1, "instrument not defined".
  const paymentMeans =
    invoice.paymentMeans.length === 0 && isNote
      ? [{ code: '1', accountId: undefined }]
      : invoice.paymentMeans;
  for (const pm of paymentMeans) {
    add(
      wrap(
        1,
        'cac:PaymentMeans',
        leaf(2, 'cbc:PaymentMeansCode', pm.code) +
          (isNote ? optionalLeaf(2, 'cbc:InstructionNote', invoice.noteReason) : '') +
          (pm.accountId === undefined
            ? ''
            : wrap(2, 'cac:PayeeFinancialAccount', leaf(3, 'cbc:ID', pm.accountId))),
      ),
    );
  }
  invoice.allowanceCharges.forEach((ac, i) => {
    add(renderAllowanceCharge(1, ac, totals.allowanceCharges[i].text, currency, ac.taxCategory));
  });
  if (invoice.exchangeRate !== undefined) {
    add(
      wrap(
        1,
        'cac:TaxExchangeRate',
        leaf(2, 'cbc:SourceCurrencyCode', currency) +
          leaf(2, 'cbc:TargetCurrencyCode', 'SAR') +
          leaf(2, 'cbc:CalculationRate', invoice.exchangeRate),
      ),
    );
  }
  add(renderTaxTotals(totals, currency));
  add(
    renderMonetaryTotal(
      totals,
      currency,
      totals.allowanceCharges.some((a) => a.kind === 'charge'),
      invoice.prepayments.length > 0,
    ),
  );
  invoice.lines.forEach((line, i) => {
    const [head, name, tail] = renderLinePieces(
      line,
      line.id ?? String(i + 1),
      totals.lines[i],
      currency,
    );
    add(head);
    add(name);
    add(tail);
  });
  invoice.prepayments.forEach((p, k) => {
    add(
      renderPrepaymentLine(
        p,
        prepaymentLineId(invoice.lines.length, k),
        totals.prepayments[k],
        currency,
      ),
    );
  });
  add('\n</Invoice>');
  parts.push(chunk);
  // The whole text as a rope of the parts: never flattened here (see UnsignedInvoice.parts).
  xml = '';
  for (const part of parts) xml += part;

  return {
    xml,
    insertAt: { extensions, qr, signature },
    canonical: true,
    hash: hasher.digest(),
    parts,
    uuid: invoice.uuid,
    qrFields: {
      sellerName: invoice.seller.name,
      vatNumber: invoice.seller.vatNumber,
      timestamp: `${issued.date}T${issued.time}`,
      // Tag 4 is PayableAmount, as SDK 3.4.8 writes it (see QrFields in unsigned-invoice.ts).
      totalWithVat: totals.text.payableAmount,
      // QR tag 5 is the first TaxTotal's amount, which is the SAR one in our layout.
      vatTotal: totals.text.taxAmountSar,
      simplified: invoice.subtype === 'simplified',
    },
  };
}
