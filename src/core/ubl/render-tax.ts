import { Dec } from '../money/decimal';
import type { NormalisedTaxCategory } from '../model/tax-category';
import type { InvoiceTotals } from '../totals/compute-totals';
import type { TaxSubtotal } from '../totals/tax-subtotals';
import { amount, leaf, optionalLeaf, wrap } from './xml-lines';

/** Rates are written with 2 decimals like the SDK samples ("15.00"); "15" and "15.00" are equal. */
const rateTexts = new Map<string, string>();
export function formatRate(rate: string): string {
  let text = rateTexts.get(rate);
  if (text === undefined) {
    text = new Dec(rate).toFixed(2);
    // Rates come from a short list (15, 5, 0 and spellings of them); the cache stays small.
    if (rateTexts.size < 100) rateTexts.set(rate, text);
  }
  return text;
}

/**
 * cac:TaxCategory or cac:ClassifiedTaxCategory. Exemption code and text only where the
 * element carries them (VAT breakdowns and prepayment subtotals, spec 1.8/1.11).
 */
export function renderTaxCategory(
  depth: number,
  element: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory',
  tc: NormalisedTaxCategory,
  withExemption: boolean,
): string {
  const d = depth + 1;
  return wrap(
    depth,
    element,
    leaf(d, 'cbc:ID', tc.code) +
      leaf(d, 'cbc:Percent', formatRate(tc.rate)) +
      (withExemption
        ? optionalLeaf(d, 'cbc:TaxExemptionReasonCode', tc.exemptionReasonCode) +
          optionalLeaf(d, 'cbc:TaxExemptionReason', tc.exemptionReason)
        : '') +
      wrap(d, 'cac:TaxScheme', leaf(d + 1, 'cbc:ID', 'VAT')),
  );
}

function renderSubtotal(depth: number, s: TaxSubtotal, currency: string): string {
  const d = depth + 1;
  return wrap(
    depth,
    'cac:TaxSubtotal',
    amount(d, 'cbc:TaxableAmount', s.text.taxable, currency) +
      amount(d, 'cbc:TaxAmount', s.text.vat, currency) +
      renderTaxCategory(d, 'cac:TaxCategory', s.taxCategory, true),
  );
}

/**
 * The two document TaxTotals (spec 1.9): first the VAT total in SAR without breakdown
 * (BT-111), then the one in the document currency with one breakdown per category/rate.
 * SDK 3.4.8 samples use this order for SAR and foreign-currency invoices alike.
 */
export function renderTaxTotals(totals: InvoiceTotals, currency: string): string {
  const sarTotal = wrap(
    1,
    'cac:TaxTotal',
    amount(2, 'cbc:TaxAmount', totals.text.taxAmountSar, 'SAR'),
  );
  const breakdown = wrap(
    1,
    'cac:TaxTotal',
    amount(2, 'cbc:TaxAmount', totals.text.taxAmount, currency) +
      totals.subtotals.map((s) => renderSubtotal(2, s, currency)).join(''),
  );
  return sarTotal + breakdown;
}

/** cac:LegalMonetaryTotal (BT-106..115) in XSD order. */
export function renderMonetaryTotal(
  totals: InvoiceTotals,
  currency: string,
  hasCharges: boolean,
  hasPrepayments: boolean,
): string {
  const t = totals.text;
  const m = (name: string, value: string) => amount(2, name, value, currency);
  return wrap(
    1,
    'cac:LegalMonetaryTotal',
    m('cbc:LineExtensionAmount', t.lineExtensionAmount) +
      m('cbc:TaxExclusiveAmount', t.taxExclusiveAmount) +
      m('cbc:TaxInclusiveAmount', t.taxInclusiveAmount) +
      m('cbc:AllowanceTotalAmount', t.allowanceTotalAmount) +
      (hasCharges ? m('cbc:ChargeTotalAmount', t.chargeTotalAmount) : '') +
      (hasPrepayments ? m('cbc:PrepaidAmount', t.prepaidAmount) : '') +
      (t.payableRoundingAmount !== undefined
        ? m('cbc:PayableRoundingAmount', t.payableRoundingAmount)
        : '') +
      m('cbc:PayableAmount', t.payableAmount),
  );
}
