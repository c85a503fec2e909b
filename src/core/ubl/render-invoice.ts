import type { CanonicalInvoice } from '../model/invoice';
import { prepaymentLineId } from '../model/invoice-rules';
import type { UnsignedInvoice } from '../signing/unsigned-invoice';
import { toSaudiDateTime } from '../time/saudi-time';
import type { InvoiceTotals } from '../totals/compute-totals';
import { chainProblems, type ChainValues } from './chain-values';
import { renderAllowanceCharge } from './render-allowance-charge';
import { HashWriter } from './hash-writer';
import { renderPrepaymentLine, renderLinePieces } from './render-lines';
import { renderCustomerParty } from './render-parties';
import { supplierParty } from './supplier-party';
import { renderMonetaryTotal, renderTaxTotals } from './render-tax';
import { renderHeader, XML_DECLARATION } from './render-header';
import { leaf, optionalLeaf, wrap } from './xml-lines';

// Parts stay well below the size at which V8 allocates a flat string outside its young
// generation (128 KB, i.e. 64k two-byte characters), so hashing them never builds one.
const PART_LENGTH = 16_384;

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

  const header = renderHeader(invoice, issued, chain);
  let xml = header.xml;
  // The invoice hash is computed as the text is made: C14N output starts at the root element.
  const hasher = new HashWriter();
  hasher.write(xml.slice(XML_DECLARATION.length));
  // The header is a part of its own: the signer slices it at the three offsets, and slicing a
  // part flattens it. The text after it goes into parts of about PART_LENGTH characters.
  const parts: string[] = [xml];
  let chunk = '';
  const append = (text: string) => {
    chunk += text;
    if (chunk.length >= PART_LENGTH) {
      parts.push(chunk);
      chunk = '';
    }
  };
  // Mostly markup, numbers and codes.
  const add = (text: string) => {
    hasher.write(text);
    append(text);
  };
  // Names and addresses, often Arabic (see HashWriter.writeAlone).
  const addAlone = (text: string) => {
    hasher.writeAlone(text);
    append(text);
  };

  const supplier = supplierParty(invoice.seller);
  hasher.writeEncoded(supplier.utf8);
  append(supplier.text);
  addAlone(renderCustomerParty(invoice.buyer));
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
    addAlone(name);
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
    insertAt: header.insertAt,
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
