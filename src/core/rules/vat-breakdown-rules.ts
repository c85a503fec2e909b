import { Dec, ZERO } from '../money/decimal';
import type { TaxCategoryCode } from '../model/codes';
import { taxKey } from '../totals/tax-subtotals';
import { finding, type RuleText } from './rule-finding';
import type { RuleFamily, RulesContext } from './rules-context';

const text = (code: string, name: string, plural: string): RuleText => ({
  stage: 'en16931',
  code,
  severity: 'warning',
  message: `In a VAT breakdown (BG-23) where the VAT category code (BT-118) is " ${name}" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are "${plural}".`,
});

const RULES: Record<TaxCategoryCode, RuleText> = {
  S: text('BR-S-08', 'Standard rated', 'Standard Rate'),
  Z: text('BR-Z-08', 'Zero rated', 'Zero Rated'),
  E: text('BR-E-08', 'Exempt from VAT', 'Exempt from VAT'),
  O: text('BR-O-08', 'Not subject to VAT', 'Not subject to VAT'),
};

/**
 * Amounts as the XML writes them ("123.45", always 2 decimals) in whole cents: exact as long
 * as a document stays below 2^53 cents, which the check below makes sure of.
 */
const cents = (text: string): number => Number(text.replace('.', ''));

/**
 * Line nets plus charges minus allowances per category over the whole document, in cents. The
 * schematron sums every cac:InvoiceLine of the category, prepayment lines too (net 0.00).
 */
function categoryBases(ctx: RulesContext): Map<TaxCategoryCode, number> | undefined {
  const bases = new Map<TaxCategoryCode, number>([
    ['S', 0],
    ['Z', 0],
    ['E', 0],
    ['O', 0],
  ]);
  const lines = ctx.invoice.lines;
  for (let i = 0; i < lines.length; i++) {
    const code = lines[i].taxCategory.code;
    bases.set(code, bases.get(code)! + cents(ctx.totals.lines[i].text.net));
  }
  ctx.invoice.allowanceCharges.forEach((ac, i) => {
    const amount = cents(ctx.totals.allowanceCharges[i].text);
    const code = ac.taxCategory.code;
    bases.set(code, bases.get(code)! + (ac.kind === 'charge' ? amount : -amount));
  });
  for (const base of bases.values()) if (!Number.isSafeInteger(base)) return undefined;
  return bases;
}

/** Exact fallback with decimals, for documents beyond 2^53 cents. */
function decimalBase(ctx: RulesContext, code: TaxCategoryCode): Dec {
  let base = ZERO;
  ctx.invoice.lines.forEach((line, i) => {
    if (line.taxCategory.code === code) base = base.plus(ctx.totals.lines[i].text.net);
  });
  ctx.invoice.allowanceCharges.forEach((ac, i) => {
    if (ac.taxCategory.code !== code) return;
    const amount = ctx.totals.allowanceCharges[i].text;
    base = ac.kind === 'charge' ? base.plus(amount) : base.minus(amount);
  });
  return base;
}

/** The field to fix: the category of the first line (or document allowance) in breakdown i. */
function breakdownField(ctx: RulesContext, i: number): string {
  const tc = ctx.totals.subtotals[i].taxCategory;
  // Cheap filter before the exact key: only lines of the same category and exemption code.
  const same = (other: typeof tc) =>
    other.code === tc.code &&
    other.exemptionReasonCode === tc.exemptionReasonCode &&
    taxKey(other) === taxKey(tc);
  const line = ctx.invoice.lines.findIndex((l) => same(l.taxCategory));
  if (line >= 0) return `lines[${line}].taxCategory`;
  const ac = ctx.invoice.allowanceCharges.findIndex((a) => same(a.taxCategory));
  return ac >= 0 ? `allowanceCharges[${ac}].taxCategory` : 'lines';
}

/**
 * BR-S-08, BR-Z-08, BR-E-08, BR-O-08 (warnings). Our renderer writes one breakdown per
 * category, rate and exemption reason, so a category can have several. BR-S-08 compares the
 * SUM of the S breakdowns with the S base (never fires on our totals); the Z/E/O rules compare
 * EACH breakdown with the whole category's base, so they fire on every breakdown of a
 * category split by two exemption reasons (with a non-zero base in the others).
 */
export const checkVatBreakdownBases: RuleFamily = (ctx, out) => {
  const subtotals = ctx.totals.subtotals;
  const centBases = categoryBases(ctx);
  const equalsBase = (taxable: string, code: TaxCategoryCode): boolean =>
    centBases
      ? cents(taxable) === centBases.get(code)
      : new Dec(taxable).equals(decimalBase(ctx, code));
  let standardSum = ZERO;
  let standardAt = -1;
  subtotals.forEach((s, i) => {
    const code = s.taxCategory.code;
    if (code === 'S') {
      standardSum = standardSum.plus(s.text.taxable);
      if (standardAt < 0) standardAt = i;
      return;
    }
    if (!equalsBase(s.text.taxable, code)) out.push(finding(RULES[code], breakdownField(ctx, i)));
  });
  // One finding per S breakdown when the sum is off (the assert is evaluated on each).
  if (standardAt >= 0 && !equalsBase(standardSum.toFixed(2), 'S')) {
    subtotals.forEach((s, i) => {
      if (s.taxCategory.code === 'S') out.push(finding(RULES.S, breakdownField(ctx, i)));
    });
  }
};
