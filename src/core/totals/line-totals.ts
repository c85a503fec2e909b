import { Dec, formatMoney, percentOf, roundMoney, sum } from '../money/decimal';
import { allowanceChargeAmount } from '../model/allowance-charge';
import type { InvoiceLine } from '../model/invoice';

/** Amounts of one invoice line (BT-131, KSA-11, KSA-12), all rounded half-up to 2 decimals. */
export interface LineTotals {
  /** quantity x price / base quantity, exact (not rounded). */
  gross: Dec;
  allowances: Dec[];
  charges: Dec[];
  /** Line net amount BT-131 = gross + charges - allowances, rounded once at the end. */
  net: Dec;
  /** Line VAT KSA-11 = net x rate / 100, rounded. */
  vat: Dec;
  /** Line amount with VAT KSA-12 = net + VAT (BR-KSA-51). */
  amountWithVat: Dec;
  /** The rounded amounts as the XML writes them (formatMoney of the values above). */
  text: LineTotalsText;
}

export interface LineTotalsText {
  net: string;
  vat: string;
  amountWithVat: string;
  allowances: string[];
  charges: string[];
}

const ONE = new Dec(1);

export function computeLineTotals(line: InvoiceLine): LineTotals {
  const price = new Dec(line.unitPrice);
  const base = line.baseQuantity === undefined ? ONE : new Dec(line.baseQuantity);
  const gross = new Dec(line.quantity).times(price).dividedBy(base);
  const allowances: Dec[] = [];
  const charges: Dec[] = [];
  for (const ac of line.allowanceCharges) {
    (ac.kind === 'allowance' ? allowances : charges).push(allowanceChargeAmount(ac));
  }
  const net = roundMoney(gross.plus(sum(charges)).minus(sum(allowances)));
  const vat = roundMoney(percentOf(net, new Dec(line.taxCategory.rate)));
  const amountWithVat = net.plus(vat);
  const text = {
    net: formatMoney(net),
    vat: formatMoney(vat),
    amountWithVat: formatMoney(amountWithVat),
    allowances: allowances.map(formatMoney),
    charges: charges.map(formatMoney),
  };
  return { gross, allowances, charges, net, vat, amountWithVat, text };
}
