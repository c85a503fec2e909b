import { Dec, ZERO, formatMoney, percentOf, roundMoney } from '../money/decimal';
import type { NormalisedTaxCategory } from '../model/tax-category';

/** One VAT breakdown (BG-23): everything taxed in one category, rate and exemption reason. */
export interface TaxSubtotal {
  taxCategory: NormalisedTaxCategory;
  rate: Dec;
  /** Sum of the rounded line net amounts of this category. */
  linesNet: Dec;
  allowances: Dec;
  charges: Dec;
  /** BT-116 = linesNet - allowances + charges (BR-S-08 and its Z/E/O twins). */
  taxable: Dec;
  /** BT-117 = taxable x rate / 100, rounded half-up once per breakdown (XML-STD section 10). */
  vat: Dec;
  /** taxable and vat as the XML writes them. */
  text: { taxable: string; vat: string };
}

/** Groups by (category, rate, exemption code and text); "15" and "15.00" are one rate. */
export function taxKey(tc: NormalisedTaxCategory): string {
  return [
    tc.code,
    new Dec(tc.rate).toFixed(2),
    tc.exemptionReasonCode ?? '',
    tc.exemptionReason ?? '',
  ].join('|');
}

export class TaxSubtotalBuilder {
  private readonly groups = new Map<string, Omit<TaxSubtotal, 'taxable' | 'vat' | 'text'>>();

  private group(tc: NormalisedTaxCategory) {
    const key = taxKey(tc);
    let g = this.groups.get(key);
    if (!g) {
      g = {
        taxCategory: tc,
        rate: new Dec(tc.rate),
        linesNet: ZERO,
        allowances: ZERO,
        charges: ZERO,
      };
      this.groups.set(key, g);
    }
    return g;
  }

  addLine(tc: NormalisedTaxCategory, net: Dec): void {
    const g = this.group(tc);
    g.linesNet = g.linesNet.plus(net);
  }

  addAllowance(tc: NormalisedTaxCategory, amount: Dec): void {
    const g = this.group(tc);
    g.allowances = g.allowances.plus(amount);
  }

  addCharge(tc: NormalisedTaxCategory, amount: Dec): void {
    const g = this.group(tc);
    g.charges = g.charges.plus(amount);
  }

  /**
   * A category that only appears on a prepayment deduction line still needs a breakdown
   * (BR-S/Z/E/O-01), with nothing taxable in it; a category that already has one does not.
   */
  ensureCategory(tc: NormalisedTaxCategory): void {
    const present = [...this.groups.values()].some((g) => g.taxCategory.code === tc.code);
    if (!present) this.group(tc);
  }

  build(): TaxSubtotal[] {
    return [...this.groups.values()].map((g) => {
      const taxable = g.linesNet.minus(g.allowances).plus(g.charges);
      const vat = roundMoney(percentOf(taxable, g.rate));
      return { ...g, taxable, vat, text: { taxable: formatMoney(taxable), vat: formatMoney(vat) } };
    });
  }
}
