import type { NormalisedTaxCategory } from '../model/tax-category';
import { c14nAttribute } from './c14n-text';
import { renderTaxCategory } from './render-tax';

// The fixed text of an ordinary cac:InvoiceLine between its values, joined into as few strings
// as the currency and tax category allow: hashing a line's text costs about as much per string
// it is made of as per 20 bytes of it, so a line of 12 strings hashes faster than one of 25.
// Same text as leaf/amount/wrap give at these depths (the canonical-form tests compare).

/** The line's fixed text for one currency. */
export interface LineSegments {
  currency: string;
  /** `</cbc:InvoicedQuantity>` up to the LineExtensionAmount's value. */
  net: string;
  /** After the net amount, up to the line VAT amount's value (no line allowances). */
  tax: string;
  /** After the net amount when line allowances/charges follow it. */
  netEnd: string;
  /** After the line allowances/charges, up to the line VAT amount's value. */
  taxStart: string;
  /** After the VAT amount, up to the RoundingAmount's value. */
  rounding: string;
  /** `\n        </cac:Item>` up to the PriceAmount's value. */
  price: string;
}

export const LINE_START = '\n    <cac:InvoiceLine>\n        <cbc:ID>';
export const LINE_QUANTITY = '</cbc:ID>\n        <cbc:InvoicedQuantity unitCode="';
export const ITEM_NAME =
  '</cbc:RoundingAmount>\n        </cac:TaxTotal>\n        <cac:Item>\n            <cbc:Name>';
export const NAME_END = '</cbc:Name>';
export const PRICE_END = '</cbc:PriceAmount>';
export const LINE_END = '\n        </cac:Price>\n    </cac:InvoiceLine>';
/** PRICE_END + LINE_END, for the usual line without base quantity or gross price. */
export const PRICE_AND_LINE_END = PRICE_END + LINE_END;

let last: LineSegments | undefined;

/** The segments for `currency`; an invoice has one currency, so the last one is kept. */
export function lineSegments(currency: string): LineSegments {
  if (last?.currency === currency) return last;
  const id = ` currencyID="${c14nAttribute(currency)}">`;
  const taxStart = '\n        <cac:TaxTotal>\n            <cbc:TaxAmount';
  last = {
    currency,
    net: flat('</cbc:InvoicedQuantity>\n        <cbc:LineExtensionAmount', id),
    tax: flat('</cbc:LineExtensionAmount>', taxStart, id),
    netEnd: '</cbc:LineExtensionAmount>',
    taxStart: flat(taxStart, id),
    rounding: flat('</cbc:TaxAmount>\n            <cbc:RoundingAmount', id),
    price: flat('\n        </cac:Item>\n        <cac:Price>\n            <cbc:PriceAmount', id),
  };
  return last;
}

/** One flat string: join('') copies, where a + b would keep a rope of two strings. */
function flat(...parts: string[]): string {
  return parts.join('');
}

// NAME_END + cac:ClassifiedTaxCategory + the price's start, per category, code and currency:
// lines mostly share one category, so the previous line's text is kept, and a few in a map.
let lastItem: { code: string; rate: string; currency: string; text: string } | undefined;
const itemTexts = new Map<string, string>();

/** `</cbc:Name>`, the line's cac:ClassifiedTaxCategory, and up to the PriceAmount's value. */
export function itemAfterName(tc: NormalisedTaxCategory, currency: string): string {
  const l = lastItem;
  if (l !== undefined && l.code === tc.code && l.rate === tc.rate && l.currency === currency) {
    return l.text;
  }
  const key = `${tc.code}|${tc.rate}|${currency}`;
  let text = itemTexts.get(key);
  if (text === undefined) {
    text = flat(
      NAME_END,
      renderTaxCategory(3, 'cac:ClassifiedTaxCategory', tc, false),
      lineSegments(currency).price,
    );
    // Codes, rates and currencies come from short lists; the cache stays small.
    if (itemTexts.size < 100) itemTexts.set(key, text);
  }
  lastItem = { code: tc.code, rate: tc.rate, currency, text };
  return text;
}
