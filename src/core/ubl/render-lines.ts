import { Dec } from '../money/decimal';
import type { InvoiceLine } from '../model/invoice';
import type { Prepayment } from '../model/line';
import { toSaudiDateTime } from '../time/saudi-time';
import type { LineTotals } from '../totals/line-totals';
import type { PrepaymentTotals } from '../totals/compute-totals';
import { renderAllowanceCharge } from './render-allowance-charge';
import { renderTaxCategory } from './render-tax';
import type { NormalisedTaxCategory } from '../model/tax-category';
import { c14nAttribute, c14nText } from './c14n-text';
import { amount, attr, leaf, wrap } from './xml-lines';

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

let lastCurrency = '';
let lastCurrencyId = '';

/** `currencyID="SAR">`, for the document's one currency. */
function currencyIdAttribute(currency: string): string {
  if (currency !== lastCurrency) {
    lastCurrencyId = `currencyID="${c14nAttribute(currency)}">`;
    lastCurrency = currency;
  }
  return lastCurrencyId;
}

// A cac:ClassifiedTaxCategory depends on the category code and rate only; rendered once each.
const classifiedTaxCategories = new Map<string, string>();

function classifiedTaxCategory(tc: NormalisedTaxCategory): string {
  const key = `${tc.code}|${tc.rate}`;
  let text = classifiedTaxCategories.get(key);
  if (text === undefined) {
    text = renderTaxCategory(3, 'cac:ClassifiedTaxCategory', tc, false);
    // Codes and rates come from short lists; the cache stays small.
    if (classifiedTaxCategories.size < 100) classifiedTaxCategories.set(key, text);
  }
  return text;
}

/**
 * One ordinary cac:InvoiceLine (spec 1.10) in XSD order. Written as one concatenation with the
 * indentation inlined (the same text leaf/wrap give, which the canonical-form tests compare):
 * this runs once per line, and a line of many small pieces costs more to build and to hash.
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
  let allowanceCharges = '';
  if (line.allowanceCharges.length > 0) {
    let a = 0;
    let c = 0;
    for (const ac of line.allowanceCharges) {
      const value = ac.kind === 'allowance' ? t.text.allowances[a++] : t.text.charges[c++];
      allowanceCharges += renderAllowanceCharge(2, ac, value, currency);
    }
  }
  const currencyId = currencyIdAttribute(currency);
  const head =
    '\n    <cac:InvoiceLine>\n        <cbc:ID>' +
    c14nText(id) +
    '</cbc:ID>\n        <cbc:InvoicedQuantity unitCode="' +
    c14nAttribute(line.unitCode) +
    '">' +
    c14nText(line.quantity) +
    '</cbc:InvoicedQuantity>\n        <cbc:LineExtensionAmount ' +
    currencyId +
    t.text.net +
    '</cbc:LineExtensionAmount>' +
    allowanceCharges +
    '\n        <cac:TaxTotal>\n            <cbc:TaxAmount ' +
    currencyId +
    t.text.vat +
    '</cbc:TaxAmount>\n            <cbc:RoundingAmount ' +
    currencyId +
    t.text.amountWithVat +
    '</cbc:RoundingAmount>\n        </cac:TaxTotal>\n        <cac:Item>\n            <cbc:Name>';
  const tail =
    '</cbc:Name>' +
    (line.buyerItemId === undefined &&
    line.sellerItemId === undefined &&
    line.standardItemId === undefined
      ? ''
      : itemIdentification(3, 'cac:BuyersItemIdentification', line.buyerItemId) +
        itemIdentification(3, 'cac:SellersItemIdentification', line.sellerItemId) +
        itemIdentification(3, 'cac:StandardItemIdentification', line.standardItemId)) +
    classifiedTaxCategory(line.taxCategory) +
    '\n        </cac:Item>\n        <cac:Price>\n            <cbc:PriceAmount ' +
    currencyId +
    c14nText(line.unitPrice) +
    '</cbc:PriceAmount>' +
    (line.baseQuantity === undefined && line.grossPrice === undefined
      ? ''
      : optionalPriceParts(line, currency)) +
    '\n        </cac:Price>\n    </cac:InvoiceLine>';
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
