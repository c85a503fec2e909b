import { Dec, ZERO, formatMoney, percentOf, roundMoney, sum } from '../money/decimal';
import { allowanceChargeAmount } from '../model/allowance-charge';
import type { CanonicalInvoice } from '../model/invoice';
import type { NormalisedTaxCategory } from '../model/tax-category';
import { computeLineTotals, type LineTotals } from './line-totals';
import { TaxSubtotalBuilder, type TaxSubtotal } from './tax-subtotals';
import { computeExactTotals } from './exact-totals';
import { TotalsError } from './totals-errors';

/** A prepayment deducted on the final invoice (KSA-31/32). */
export interface PrepaymentTotals {
  taxCategory: NormalisedTaxCategory;
  taxable: Dec;
  /** Given by the ERP, or `computedVat` when it gives none. */
  vat: Dec;
  /** taxable x rate / 100, rounded half-up (BR-KSA-79). */
  computedVat: Dec;
  /** taxable and vat as the XML writes them. */
  text: { taxable: string; vat: string };
}

export interface DocumentAllowanceChargeTotals {
  kind: 'allowance' | 'charge';
  amount: Dec;
  /** amount as the XML writes it. */
  text: string;
}

/** Every amount the document states, computed from its lines (spec 1.9). */
export interface InvoiceTotals {
  lines: LineTotals[];
  allowanceCharges: DocumentAllowanceChargeTotals[];
  prepayments: PrepaymentTotals[];
  subtotals: TaxSubtotal[];
  /** BT-106 */ lineExtensionAmount: Dec;
  /** BT-107 */ allowanceTotalAmount: Dec;
  /** BT-108 */ chargeTotalAmount: Dec;
  /** BT-109 */ taxExclusiveAmount: Dec;
  /** BT-110, in the document currency */ taxAmount: Dec;
  /** BT-111, in SAR */ taxAmountSar: Dec;
  /** BT-112 */ taxInclusiveAmount: Dec;
  /** BT-113 */ prepaidAmount: Dec;
  /** BT-114, undefined when the ERP gives none */ payableRoundingAmount?: Dec;
  /** BT-115 */ payableAmount: Dec;
  /** The document amounts above as the XML writes them (formatMoney of each). */
  text: InvoiceTotalsText;
}

export type InvoiceTotalsText = Record<
  | 'lineExtensionAmount'
  | 'allowanceTotalAmount'
  | 'chargeTotalAmount'
  | 'taxExclusiveAmount'
  | 'taxAmount'
  | 'taxAmountSar'
  | 'taxInclusiveAmount'
  | 'prepaidAmount'
  | 'payableAmount',
  string
> & { payableRoundingAmount?: string };

/**
 * Computes all totals with exact decimal arithmetic, rounding half-up to 2 decimals where ZATCA
 * does. Invoices of ordinary figures take an exact BigInt fast path (exact-totals.ts) that gives
 * the same values; anything else, and every error case, goes through decimal.js below.
 */
export function computeInvoiceTotals(invoice: CanonicalInvoice): InvoiceTotals {
  return computeExactTotals(invoice) ?? computeDecimalTotals(invoice);
}

/** The reference computation with decimal.js (and the one that explains refusals). */
export function computeDecimalTotals(invoice: CanonicalInvoice): InvoiceTotals {
  const subtotals = new TaxSubtotalBuilder();

  const lines = invoice.lines.map((line, i) => {
    const t = computeLineTotals(line);
    if (t.net.isNegative()) {
      throw new TotalsError(
        `lines[${i}]`,
        `line allowances exceed the line amount; the net amount ${t.net.toFixed(2)} would be negative (BR-KSA-F-04)`,
      );
    }
    subtotals.addLine(line.taxCategory, t.net);
    return t;
  });

  const allowanceCharges = invoice.allowanceCharges.map((ac) => {
    const amount = allowanceChargeAmount(ac);
    if (ac.kind === 'allowance') subtotals.addAllowance(ac.taxCategory, amount);
    else subtotals.addCharge(ac.taxCategory, amount);
    return { kind: ac.kind, amount, text: formatMoney(amount) };
  });

  const prepayments = invoice.prepayments.map((p) => {
    subtotals.ensureCategory(p.taxCategory);
    const taxable = new Dec(p.taxableAmount);
    const computedVat = roundMoney(percentOf(taxable, new Dec(p.taxCategory.rate)));
    const vat = p.vatAmount === undefined ? computedVat : new Dec(p.vatAmount);
    const text = { taxable: formatMoney(taxable), vat: formatMoney(vat) };
    return { taxCategory: p.taxCategory, taxable, vat, computedVat, text };
  });

  const built = subtotals.build();
  for (const s of built) {
    if (s.taxable.isNegative()) {
      throw new TotalsError(
        'allowanceCharges',
        `document allowances in category ${s.taxCategory.code} ${s.rate.toFixed(2)}% (${s.allowances.toFixed(2)}) exceed the lines and charges of that category (${s.linesNet.plus(s.charges).toFixed(2)}); the taxable amount cannot be negative (BR-KSA-F-04)`,
      );
    }
  }

  const lineExtensionAmount = sum(lines.map((l) => l.net));
  const allowanceTotalAmount = sum(
    allowanceCharges.filter((a) => a.kind === 'allowance').map((a) => a.amount),
  );
  const chargeTotalAmount = sum(
    allowanceCharges.filter((a) => a.kind === 'charge').map((a) => a.amount),
  );
  const taxExclusiveAmount = lineExtensionAmount
    .minus(allowanceTotalAmount)
    .plus(chargeTotalAmount);
  const taxAmount = sum(built.map((s) => s.vat));
  const taxAmountSar =
    invoice.exchangeRate === undefined
      ? taxAmount
      : roundMoney(taxAmount.times(invoice.exchangeRate));
  const taxInclusiveAmount = taxExclusiveAmount.plus(taxAmount);
  const prepaidAmount = sum(prepayments.map((p) => p.taxable.plus(p.vat)));
  const payableRoundingAmount =
    invoice.payableRoundingAmount === undefined
      ? undefined
      : new Dec(invoice.payableRoundingAmount);
  const payableAmount = taxInclusiveAmount.minus(prepaidAmount).plus(payableRoundingAmount ?? ZERO);
  if (payableAmount.isNegative()) {
    throw new TotalsError(
      'prepayments',
      `the prepayments (${prepaidAmount.toFixed(2)}) exceed the total with VAT (${taxInclusiveAmount.toFixed(2)}); the amount due cannot be negative (BR-KSA-F-04)`,
    );
  }

  return {
    lines,
    allowanceCharges,
    prepayments,
    subtotals: built,
    lineExtensionAmount,
    allowanceTotalAmount,
    chargeTotalAmount,
    taxExclusiveAmount,
    taxAmount,
    taxAmountSar,
    taxInclusiveAmount,
    prepaidAmount,
    payableRoundingAmount,
    payableAmount,
    text: {
      lineExtensionAmount: formatMoney(lineExtensionAmount),
      allowanceTotalAmount: formatMoney(allowanceTotalAmount),
      chargeTotalAmount: formatMoney(chargeTotalAmount),
      taxExclusiveAmount: formatMoney(taxExclusiveAmount),
      taxAmount: formatMoney(taxAmount),
      taxAmountSar: formatMoney(taxAmountSar),
      taxInclusiveAmount: formatMoney(taxInclusiveAmount),
      prepaidAmount: formatMoney(prepaidAmount),
      payableRoundingAmount:
        payableRoundingAmount === undefined ? undefined : formatMoney(payableRoundingAmount),
      payableAmount: formatMoney(payableAmount),
    },
  };
}
