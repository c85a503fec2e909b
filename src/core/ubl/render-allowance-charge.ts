import { Dec, formatMoney } from '../money/decimal';
import type { LineAllowanceCharge } from '../model/allowance-charge';
import type { NormalisedTaxCategory } from '../model/tax-category';
import { renderTaxCategory } from './render-tax';
import { amount, leaf, optionalLeaf, wrap } from './xml-lines';

/**
 * cac:AllowanceCharge in XSD order: ChargeIndicator, AllowanceChargeReasonCode,
 * AllowanceChargeReason, MultiplierFactorNumeric, Amount, BaseAmount, TaxCategory.
 * Document-level ones carry their VAT category (BR-32/37); line-level ones do not.
 */
export function renderAllowanceCharge(
  depth: number,
  ac: LineAllowanceCharge,
  amountText: string,
  currency: string,
  taxCategory?: NormalisedTaxCategory,
): string {
  const d = depth + 1;
  return wrap(
    depth,
    'cac:AllowanceCharge',
    leaf(d, 'cbc:ChargeIndicator', ac.kind === 'charge' ? 'true' : 'false') +
      optionalLeaf(d, 'cbc:AllowanceChargeReasonCode', ac.reasonCode) +
      optionalLeaf(d, 'cbc:AllowanceChargeReason', ac.reason) +
      optionalLeaf(d, 'cbc:MultiplierFactorNumeric', ac.percent) +
      amount(d, 'cbc:Amount', amountText, currency) +
      (ac.baseAmount === undefined
        ? ''
        : amount(d, 'cbc:BaseAmount', formatMoney(new Dec(ac.baseAmount)), currency)) +
      (taxCategory ? renderTaxCategory(d, 'cac:TaxCategory', taxCategory, false) : ''),
  );
}
