import { Dec } from '../money/decimal';
import type { InvoiceLine } from '../model/invoice';
import type { Prepayment } from '../model/line';
import { toSaudiDateTime } from '../time/saudi-time';
import type { LineTotals } from '../totals/line-totals';
import type { PrepaymentTotals } from '../totals/compute-totals';
import { renderAllowanceCharge } from './render-allowance-charge';
import { renderTaxCategory } from './render-tax';
import { c14nAttribute, c14nText } from './c14n-text';
import { amount, attr, leaf, wrap } from './xml-lines';
import {
  ITEM_NAME,
  LINE_END,
  LINE_QUANTITY,
  LINE_START,
  NAME_END,
  PRICE_AND_LINE_END,
  PRICE_END,
  itemAfterName,
  lineSegments,
} from './line-segments';

function itemIdentification(depth: number, element: string, id: string | undefined): string {
  return id === undefined ? '' : wrap(depth, element, leaf(depth + 1, 'cbc:ID', id));
}

/** Base quantity and gross-price discount of cac:Price (BR-KSA-EN16931-07), when present. */
function optionalPriceParts(line: InvoiceLine, currency: string): string {
  const baseQuantity =
    line.baseQuantity === undefined
      ? ''
      : leaf(3, 'cbc:BaseQuantity', line.baseQuantity, attr('unitCode', line.unitCode));
  if (line.grossPrice === undefined) return baseQuantity;
  return (
    baseQuantity +
    wrap(
      3,
      'cac:AllowanceCharge',
      leaf(4, 'cbc:ChargeIndicator', 'false') +
        amount(
          4,
          'cbc:Amount',
          new Dec(line.grossPrice).minus(line.unitPrice).toFixed(),
          currency,
        ) +
        amount(4, 'cbc:BaseAmount', line.grossPrice, currency),
    )
  );
}

/**
 * One ordinary cac:InvoiceLine (spec 1.10) in XSD order. Written with the fixed text between
 * its values joined per currency and tax category (line-segments.ts), the same text leaf/wrap
 * give, which the canonical-form tests compare: this runs once per line, and a line made of
 * fewer strings costs less to build and to hash.
 */
export function renderLine(line: InvoiceLine, id: string, t: LineTotals, currency: string): string {
  const [head, name, tail] = renderLinePieces(line, id, t, currency);
  return head + name + tail;
}

/**
 * renderLine's text in three pieces: before the item name, the escaped name, after it. The name
 * is usually the line's only non-Latin-1 text; kept apart, the other two stay one-byte strings,
 * which are cheap to write as UTF-8 for the hash (see HashWriter).
 */
export function renderLinePieces(
  line: InvoiceLine,
  id: string,
  t: LineTotals,
  currency: string,
): [string, string, string] {
  const s = lineSegments(currency);
  let allowanceCharges = '';
  if (line.allowanceCharges.length > 0) {
    let a = 0;
    let c = 0;
    for (const ac of line.allowanceCharges) {
      const value = ac.kind === 'allowance' ? t.text.allowances[a++] : t.text.charges[c++];
      allowanceCharges += renderAllowanceCharge(2, ac, value, currency);
    }
  }
  const head =
    LINE_START +
    c14nText(id) +
    LINE_QUANTITY +
    // A unit code has at most 3 characters: with '">' it is one short flat string.
    (c14nAttribute(line.unitCode) + '">') +
    c14nText(line.quantity) +
    s.net +
    t.text.net +
    (allowanceCharges === '' ? s.tax : s.netEnd + allowanceCharges + s.taxStart) +
    t.text.vat +
    s.rounding +
    t.text.amountWithVat +
    ITEM_NAME;
  const hasItemIds =
    line.buyerItemId !== undefined ||
    line.sellerItemId !== undefined ||
    line.standardItemId !== undefined;
  const tail =
    (hasItemIds
      ? NAME_END +
        itemIdentification(3, 'cac:BuyersItemIdentification', line.buyerItemId) +
        itemIdentification(3, 'cac:SellersItemIdentification', line.sellerItemId) +
        itemIdentification(3, 'cac:StandardItemIdentification', line.standardItemId) +
        renderTaxCategory(3, 'cac:ClassifiedTaxCategory', line.taxCategory, false) +
        s.price
      : itemAfterName(line.taxCategory, currency)) +
    c14nText(line.unitPrice) +
    (line.baseQuantity === undefined && line.grossPrice === undefined
      ? PRICE_AND_LINE_END
      : PRICE_END + optionalPriceParts(line, currency) + LINE_END);
  return [head, c14nText(line.name), tail];
}

/**
 * A prepayment deduction line (spec 1.11, SDK "Advance Payment adjustments" samples): zero
 * quantity, net, VAT and price (BR-KSA-82), a reference to the 386 invoice (BR-KSA-73/74) and
 * the prepaid taxable amount and VAT in a line TaxSubtotal (KSA-31..34, BR-KSA-75..79).
 */
export function renderPrepaymentLine(
  p: Prepayment,
  id: string,
  t: PrepaymentTotals,
  currency: string,
): string {
  const issued = toSaudiDateTime(p.issuedAt);
  return wrap(
    1,
    'cac:InvoiceLine',
    leaf(2, 'cbc:ID', id) +
      // "0.00", not "0": BR-22 rejects a quantity whose text is exactly "0".
      leaf(2, 'cbc:InvoicedQuantity', '0.00', attr('unitCode', 'PCE')) +
      amount(2, 'cbc:LineExtensionAmount', '0.00', currency) +
      wrap(
        2,
        'cac:DocumentReference',
        leaf(3, 'cbc:ID', p.id) +
          leaf(3, 'cbc:UUID', p.uuid) +
          leaf(3, 'cbc:IssueDate', issued.date) +
          leaf(3, 'cbc:IssueTime', issued.time) +
          leaf(3, 'cbc:DocumentTypeCode', '386'),
      ) +
      wrap(
        2,
        'cac:TaxTotal',
        amount(3, 'cbc:TaxAmount', '0.00', currency) +
          amount(3, 'cbc:RoundingAmount', '0.00', currency) +
          wrap(
            3,
            'cac:TaxSubtotal',
            amount(4, 'cbc:TaxableAmount', t.text.taxable, currency) +
              amount(4, 'cbc:TaxAmount', t.text.vat, currency) +
              renderTaxCategory(4, 'cac:TaxCategory', p.taxCategory, true),
          ),
      ) +
      wrap(
        2,
        'cac:Item',
        leaf(3, 'cbc:Name', p.name) +
          renderTaxCategory(3, 'cac:ClassifiedTaxCategory', p.taxCategory, false),
      ) +
      wrap(2, 'cac:Price', amount(3, 'cbc:PriceAmount', '0.00', currency)),
  );
}
