import { Dec } from '../money/decimal';
import { finding, type RuleText } from './rule-finding';
import type { RuleFamily } from './rules-context';

const BR_KSA_97: RuleText = {
  stage: 'ksa',
  code: 'BR-KSA-97',
  severity: 'warning',
  message:
    'If the Document Currency Code (BT-5) is different from "SAR", then the value in "Invoice total VAT amount (BT-110)" cannot be the same as the value in "Invoice total VAT amount in accounting currency (BT-111)".',
};

/**
 * BR-KSA-97: on a non-SAR document, a positive VAT total (BT-110) equal, to the cent, to a
 * positive SAR VAT total (BT-111) is suspicious: e.g. an exchange rate of 1, or rounding.
 */
export const checkForeignCurrencyVat: RuleFamily = (ctx, out) => {
  if (ctx.invoice.currency === 'SAR') return;
  // Both amounts are written with 2 decimals, so "equal after round(x * 100) div 100" is
  // equality of the written values.
  const vat = new Dec(ctx.totals.text.taxAmount);
  const vatSar = new Dec(ctx.totals.text.taxAmountSar);
  if (vat.greaterThan(0) && vatSar.greaterThan(0) && vat.equals(vatSar)) {
    out.push(finding(BR_KSA_97, 'exchangeRate'));
  }
};
