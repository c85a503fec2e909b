import { Dec } from '../money/decimal';
import {
  centsText,
  parseScaled,
  percentOfCents,
  rescale,
  roundToCents,
  scaledText,
  type Scaled,
} from '../money/exact';
import type { CanonicalInvoice } from '../model/invoice';
import type { NormalisedTaxCategory } from '../model/tax-category';
import type {
  DocumentAllowanceChargeTotals,
  InvoiceTotals,
  InvoiceTotalsText,
  PrepaymentTotals,
} from './compute-totals';
import type { LineTotals, LineTotalsText } from './line-totals';
import type { TaxSubtotal } from './tax-subtotals';

/*
 * The totals of computeDecimalTotals, computed on BigInt cents (src/core/money/exact.ts) for
 * invoices whose figures are short enough that decimal.js computes every step exactly as well:
 * then both give the same values, and this path is about 20 times faster. It returns undefined,
 * and the decimal.js path runs instead, for a base quantity (a division), long numbers, and every
 * case in which the decimal.js path throws, so refusals and their messages come from one place.
 * The Dec fields of the result are made on first read; the renderer only reads `text`.
 */

/** Products at or above this have more digits than decimal.js (precision 50) keeps exactly. */
const EXACT_LIMIT = 10n ** 48n;
/** Sums (in cents) at or above this could make a product with a rate reach EXACT_LIMIT. */
const SUM_LIMIT = 10n ** 40n;

/** A figure of at most 2 decimals, as cents. */
function cents(text: string): bigint | undefined {
  const v = parseScaled(text);
  return v === undefined || v.scale > 2 ? undefined : rescale(v.units, v.scale, 2);
}

interface Rate extends Scaled {
  /** toFixed(2) of the rate, as taxKey writes it. */
  text: string;
}

const rates = new Map<string, Rate | null>();

/** A VAT rate of at most 2 decimals (PERCENT); cached, rates come from a short list. */
function rate(text: string): Rate | undefined {
  let r = rates.get(text);
  if (r === undefined) {
    const v = parseScaled(text);
    r =
      v === undefined || v.scale > 2
        ? null
        : { ...v, text: scaledText(rescale(v.units, v.scale, 2), 2) };
    if (rates.size < 100) rates.set(text, r);
  }
  return r ?? undefined;
}

/** allowanceChargeAmount in cents: the amount, or percent of base rounded half-up. */
function allowanceChargeCents(ac: {
  amount?: string;
  percent?: string;
  baseAmount?: string;
}): bigint | undefined {
  if (ac.amount !== undefined) return cents(ac.amount);
  const base = cents(ac.baseAmount!);
  const percent = parseScaled(ac.percent!);
  if (base === undefined || percent === undefined) return undefined;
  return percentOfCents(base, percent.units, percent.scale);
}

/** Dec values made from their exact text on first read. */
class LazyDecs {
  private decs?: Record<string, Dec>;
  protected dec(key: string, text: string): Dec {
    const decs = (this.decs ??= {});
    return (decs[key] ??= new Dec(text));
  }
}

class ExactLineTotals extends LazyDecs implements LineTotals {
  private allowanceDecs?: Dec[];
  private chargeDecs?: Dec[];
  constructor(
    private readonly grossUnits: bigint,
    private readonly grossScale: number,
    readonly text: LineTotalsText,
  ) {
    super();
  }
  get gross(): Dec {
    return this.dec('gross', scaledText(this.grossUnits, this.grossScale));
  }
  get allowances(): Dec[] {
    return (this.allowanceDecs ??= this.text.allowances.map((t) => new Dec(t)));
  }
  get charges(): Dec[] {
    return (this.chargeDecs ??= this.text.charges.map((t) => new Dec(t)));
  }
  get net(): Dec {
    return this.dec('net', this.text.net);
  }
  get vat(): Dec {
    return this.dec('vat', this.text.vat);
  }
  get amountWithVat(): Dec {
    return this.dec('amountWithVat', this.text.amountWithVat);
  }
}

class ExactDocumentAllowanceCharge extends LazyDecs implements DocumentAllowanceChargeTotals {
  constructor(
    readonly kind: 'allowance' | 'charge',
    readonly text: string,
  ) {
    super();
  }
  get amount(): Dec {
    return this.dec('amount', this.text);
  }
}

class ExactPrepayment extends LazyDecs implements PrepaymentTotals {
  constructor(
    readonly taxCategory: NormalisedTaxCategory,
    readonly text: { taxable: string; vat: string },
    private readonly computedVatText: string,
  ) {
    super();
  }
  get taxable(): Dec {
    return this.dec('taxable', this.text.taxable);
  }
  get vat(): Dec {
    return this.dec('vat', this.text.vat);
  }
  get computedVat(): Dec {
    return this.dec('computedVat', this.computedVatText);
  }
}

interface Group {
  taxCategory: NormalisedTaxCategory;
  rate: Rate;
  linesNet: bigint;
  allowances: bigint;
  charges: bigint;
}

class ExactSubtotal extends LazyDecs implements TaxSubtotal {
  readonly taxCategory: NormalisedTaxCategory;
  readonly text: { taxable: string; vat: string };
  constructor(
    private readonly g: Group,
    taxable: bigint,
    vat: bigint,
  ) {
    super();
    this.taxCategory = g.taxCategory;
    this.text = { taxable: centsText(taxable), vat: centsText(vat) };
  }
  get rate(): Dec {
    return this.dec('rate', this.g.taxCategory.rate);
  }
  get linesNet(): Dec {
    return this.dec('linesNet', centsText(this.g.linesNet));
  }
  get allowances(): Dec {
    return this.dec('allowances', centsText(this.g.allowances));
  }
  get charges(): Dec {
    return this.dec('charges', centsText(this.g.charges));
  }
  get taxable(): Dec {
    return this.dec('taxable', this.text.taxable);
  }
  get vat(): Dec {
    return this.dec('vat', this.text.vat);
  }
}

class ExactInvoiceTotals extends LazyDecs implements InvoiceTotals {
  constructor(
    readonly lines: LineTotals[],
    readonly allowanceCharges: DocumentAllowanceChargeTotals[],
    readonly prepayments: PrepaymentTotals[],
    readonly subtotals: TaxSubtotal[],
    readonly text: InvoiceTotalsText,
    private readonly roundingText: string | undefined,
  ) {
    super();
  }
  get lineExtensionAmount(): Dec {
    return this.dec('lineExtensionAmount', this.text.lineExtensionAmount);
  }
  get allowanceTotalAmount(): Dec {
    return this.dec('allowanceTotalAmount', this.text.allowanceTotalAmount);
  }
  get chargeTotalAmount(): Dec {
    return this.dec('chargeTotalAmount', this.text.chargeTotalAmount);
  }
  get taxExclusiveAmount(): Dec {
    return this.dec('taxExclusiveAmount', this.text.taxExclusiveAmount);
  }
  get taxAmount(): Dec {
    return this.dec('taxAmount', this.text.taxAmount);
  }
  get taxAmountSar(): Dec {
    return this.dec('taxAmountSar', this.text.taxAmountSar);
  }
  get taxInclusiveAmount(): Dec {
    return this.dec('taxInclusiveAmount', this.text.taxInclusiveAmount);
  }
  get prepaidAmount(): Dec {
    return this.dec('prepaidAmount', this.text.prepaidAmount);
  }
  get payableRoundingAmount(): Dec | undefined {
    // From the ERP's own text, as the decimal.js path does ("-0.00" stays a negative zero).
    return this.roundingText === undefined ? undefined : this.dec('rounding', this.roundingText);
  }
  get payableAmount(): Dec {
    return this.dec('payableAmount', this.text.payableAmount);
  }
}

/** The totals on BigInt cents, or undefined where the decimal.js path must decide. */
export function computeExactTotals(invoice: CanonicalInvoice): InvoiceTotals | undefined {
  const groups = new Map<string, Group>();
  let last: Group | undefined;
  const group = (tc: NormalisedTaxCategory): Group | undefined => {
    // Lines mostly share one category: the previous line's group, when its fields are these.
    const lt = last?.taxCategory;
    if (
      lt !== undefined &&
      lt.code === tc.code &&
      lt.rate === tc.rate &&
      lt.exemptionReasonCode === tc.exemptionReasonCode &&
      lt.exemptionReason === tc.exemptionReason
    ) {
      return last;
    }
    const r = rate(tc.rate);
    if (r === undefined) return undefined;
    // taxKey(tc), without parsing the rate each time.
    const key = `${tc.code}|${r.text}|${tc.exemptionReasonCode ?? ''}|${tc.exemptionReason ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { taxCategory: tc, rate: r, linesNet: 0n, allowances: 0n, charges: 0n };
      groups.set(key, g);
    }
    last = g;
    return g;
  };

  // Lines of one invoice often repeat a quantity or a price: each distinct text is parsed once
  // (BigInt from a string is the dearest step of a line). Scoped to this invoice only.
  const parsed = new Map<string, Scaled>();
  const parseOnce = (text: string): Scaled | undefined => {
    let v = parsed.get(text);
    if (v === undefined) {
      v = parseScaled(text);
      if (v !== undefined) parsed.set(text, v);
    }
    return v;
  };

  const lines: LineTotals[] = [];
  let lineExtension = 0n;
  for (const line of invoice.lines) {
    if (line.baseQuantity !== undefined) return undefined;
    const q = parseOnce(line.quantity);
    const p = parseOnce(line.unitPrice);
    if (q === undefined || p === undefined) return undefined;
    const scale = Math.max(q.scale + p.scale, 2);
    const gross = q.units * p.units;
    if (gross >= SUM_LIMIT) return undefined;
    let adjustment = 0n;
    const allowances: string[] = [];
    const charges: string[] = [];
    for (const ac of line.allowanceCharges) {
      const amount = allowanceChargeCents(ac);
      if (amount === undefined) return undefined;
      if (ac.kind === 'allowance') {
        adjustment -= amount;
        allowances.push(centsText(amount));
      } else {
        adjustment += amount;
        charges.push(centsText(amount));
      }
    }
    let unrounded = rescale(gross, q.scale + p.scale, scale);
    if (adjustment !== 0n) unrounded += rescale(adjustment, 2, scale);
    if (unrounded < 0n) return undefined; // BR-KSA-F-04, explained by the decimal.js path
    const net = roundToCents(unrounded, scale);
    const g = group(line.taxCategory);
    if (g === undefined) return undefined;
    const vat = percentOfCents(net, g.rate.units, g.rate.scale);
    g.linesNet += net;
    lineExtension += net;
    const text = {
      net: centsText(net),
      vat: centsText(vat),
      amountWithVat: centsText(net + vat),
      allowances,
      charges,
    };
    lines.push(new ExactLineTotals(gross, q.scale + p.scale, text));
  }

  const allowanceCharges: DocumentAllowanceChargeTotals[] = [];
  let allowanceTotal = 0n;
  let chargeTotal = 0n;
  for (const ac of invoice.allowanceCharges) {
    const amount = allowanceChargeCents(ac);
    const g = group(ac.taxCategory);
    if (amount === undefined || g === undefined) return undefined;
    if (ac.kind === 'allowance') {
      g.allowances += amount;
      allowanceTotal += amount;
    } else {
      g.charges += amount;
      chargeTotal += amount;
    }
    allowanceCharges.push(new ExactDocumentAllowanceCharge(ac.kind, centsText(amount)));
  }

  const prepayments: PrepaymentTotals[] = [];
  let prepaid = 0n;
  for (const p of invoice.prepayments) {
    // TaxSubtotalBuilder.ensureCategory: a breakdown for a category no line or charge has.
    const code = p.taxCategory.code;
    if (![...groups.values()].some((g) => g.taxCategory.code === code)) {
      if (group(p.taxCategory) === undefined) return undefined;
    }
    const r = rate(p.taxCategory.rate);
    const taxable = cents(p.taxableAmount);
    if (r === undefined || taxable === undefined) return undefined;
    const computedVat = percentOfCents(taxable, r.units, r.scale);
    const vat = p.vatAmount === undefined ? computedVat : cents(p.vatAmount);
    if (vat === undefined) return undefined;
    prepaid += taxable + vat;
    const text = { taxable: centsText(taxable), vat: centsText(vat) };
    prepayments.push(new ExactPrepayment(p.taxCategory, text, centsText(computedVat)));
  }

  if (lineExtension + chargeTotal + prepaid >= SUM_LIMIT) return undefined;
  const subtotals: TaxSubtotal[] = [];
  let taxAmount = 0n;
  for (const g of groups.values()) {
    const taxable = g.linesNet - g.allowances + g.charges;
    if (taxable < 0n) return undefined; // BR-KSA-F-04, explained by the decimal.js path
    const vat = percentOfCents(taxable, g.rate.units, g.rate.scale);
    taxAmount += vat;
    subtotals.push(new ExactSubtotal(g, taxable, vat));
  }

  let taxAmountSar = taxAmount;
  if (invoice.exchangeRate !== undefined) {
    const x = parseScaled(invoice.exchangeRate);
    if (x === undefined) return undefined;
    const product = taxAmount * x.units;
    if (product >= EXACT_LIMIT) return undefined;
    taxAmountSar = roundToCents(product, 2 + x.scale);
  }
  const taxExclusive = lineExtension - allowanceTotal + chargeTotal;
  const taxInclusive = taxExclusive + taxAmount;
  let rounding = 0n;
  if (invoice.payableRoundingAmount !== undefined) {
    const r = cents(invoice.payableRoundingAmount);
    if (r === undefined) return undefined;
    rounding = r;
  }
  const payable = taxInclusive - prepaid + rounding;
  if (payable < 0n || taxInclusive >= EXACT_LIMIT) return undefined;

  const text: InvoiceTotalsText = {
    lineExtensionAmount: centsText(lineExtension),
    allowanceTotalAmount: centsText(allowanceTotal),
    chargeTotalAmount: centsText(chargeTotal),
    taxExclusiveAmount: centsText(taxExclusive),
    taxAmount: centsText(taxAmount),
    taxAmountSar: centsText(taxAmountSar),
    taxInclusiveAmount: centsText(taxInclusive),
    prepaidAmount: centsText(prepaid),
    payableRoundingAmount:
      invoice.payableRoundingAmount === undefined ? undefined : centsText(rounding),
    payableAmount: centsText(payable),
  };
  return new ExactInvoiceTotals(
    lines,
    allowanceCharges,
    prepayments,
    subtotals,
    text,
    invoice.payableRoundingAmount,
  );
}
