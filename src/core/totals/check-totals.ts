import { Dec } from '../money/decimal';
import type { CanonicalInvoice } from '../model/invoice';
import type { InvoiceTotals } from './compute-totals';
import type { TaxSubtotal } from './tax-subtotals';
import { TotalsMismatchError, type TotalsMismatch } from './totals-errors';

const money = (d: Dec): string => d.toFixed(2);
const pct = (d: Dec): string => `${d.toString()}%`;

function vatDerivation(subtotals: TaxSubtotal[]): string {
  const parts = subtotals.map((s) => `${pct(s.rate)} of ${money(s.taxable)}`);
  return parts.length === 1
    ? `${parts[0]}, rounded half-up`
    : `${subtotals.map((s) => `${pct(s.rate)} of ${money(s.taxable)} = ${money(s.vat)}`).join(' + ')}, each rounded half-up`;
}

/**
 * Compares every total the ERP stated with the computed one and refuses the document when any
 * differs, before anything is signed. Explanations are written for an accountant.
 */
export function checkExpectedTotals(invoice: CanonicalInvoice, totals: InvoiceTotals): void {
  const mismatches: TotalsMismatch[] = [];
  const compare = (
    given: string | undefined,
    computed: Dec,
    m: Omit<TotalsMismatch, 'given' | 'computed'>,
  ) => {
    if (given !== undefined && !new Dec(given).equals(computed)) {
      mismatches.push({ ...m, given, computed: money(computed) });
    }
  };

  invoice.lines.forEach((line, i) => {
    const t = totals.lines[i];
    const at = `lines[${i}].expected`;
    const base = line.baseQuantity ? ` / ${line.baseQuantity}` : '';
    const adjustments =
      (t.charges.length ? ` + charges ${t.charges.map(money).join(' + ')}` : '') +
      (t.allowances.length ? ` - allowances ${t.allowances.map(money).join(' - ')}` : '');
    compare(line.expected?.net, t.net, {
      path: `${at}.net`,
      label: `Line ${line.id ?? i + 1} net amount`,
      source: 'quantity and price give',
      derivation: `${line.quantity} x ${line.unitPrice}${base}${adjustments}, rounded half-up`,
      rule: 'BR-KSA-EN16931-11',
    });
    compare(line.expected?.vat, t.vat, {
      path: `${at}.vat`,
      label: `Line ${line.id ?? i + 1} VAT`,
      source: 'the line gives',
      derivation: `${pct(new Dec(line.taxCategory.rate))} of ${money(t.net)}, rounded half-up`,
      rule: 'BR-KSA-50',
    });
    compare(line.expected?.amountWithVat, t.amountWithVat, {
      path: `${at}.amountWithVat`,
      label: `Line ${line.id ?? i + 1} amount with VAT`,
      source: 'the line gives',
      derivation: `${money(t.net)} + VAT ${money(t.vat)}`,
      rule: 'BR-KSA-51',
    });
  });

  invoice.prepayments.forEach((p, i) => {
    const t = totals.prepayments[i];
    compare(p.vatAmount, t.computedVat, {
      path: `prepayments[${i}].vatAmount`,
      label: `Prepayment ${p.id} VAT`,
      source: 'its taxable amount gives',
      derivation: `${pct(new Dec(p.taxCategory.rate))} of ${money(t.taxable)}, rounded half-up`,
      rule: 'BR-KSA-79',
    });
  });

  const e = invoice.expectedTotals;
  if (e) {
    const n = invoice.lines.length;
    compare(e.lineExtensionAmount, totals.lineExtensionAmount, {
      path: 'expectedTotals.lineExtensionAmount',
      label: 'Sum of line net amounts',
      source: 'the lines give',
      derivation: `sum of ${n} line net amount${n === 1 ? '' : 's'}`,
      rule: 'BR-CO-10',
    });
    compare(e.allowanceTotalAmount, totals.allowanceTotalAmount, {
      path: 'expectedTotals.allowanceTotalAmount',
      label: 'Total allowances',
      source: 'the document allowances give',
      derivation: 'sum of document-level allowances',
      rule: 'BR-CO-11',
    });
    compare(e.chargeTotalAmount, totals.chargeTotalAmount, {
      path: 'expectedTotals.chargeTotalAmount',
      label: 'Total charges',
      source: 'the document charges give',
      derivation: 'sum of document-level charges',
      rule: 'BR-CO-12',
    });
    compare(e.taxExclusiveAmount, totals.taxExclusiveAmount, {
      path: 'expectedTotals.taxExclusiveAmount',
      label: 'Total without VAT',
      source: 'the lines give',
      derivation: `${money(totals.lineExtensionAmount)} - allowances ${money(totals.allowanceTotalAmount)} + charges ${money(totals.chargeTotalAmount)}`,
      rule: 'BR-CO-13',
    });
    compare(e.taxAmount, totals.taxAmount, {
      path: 'expectedTotals.taxAmount',
      label: 'Total VAT',
      source: 'the lines give',
      derivation: vatDerivation(totals.subtotals),
      rule: 'BR-CO-14',
    });
    compare(e.taxAmountSar, totals.taxAmountSar, {
      path: 'expectedTotals.taxAmountSar',
      label: 'Total VAT in SAR',
      source: 'the exchange rate gives',
      derivation: `${money(totals.taxAmount)} ${invoice.currency} x ${invoice.exchangeRate ?? '1'}, rounded half-up`,
      rule: 'BR-KSA-EN16931-09',
    });
    compare(e.taxInclusiveAmount, totals.taxInclusiveAmount, {
      path: 'expectedTotals.taxInclusiveAmount',
      label: 'Total with VAT',
      source: 'the lines give',
      derivation: `${money(totals.taxExclusiveAmount)} + VAT ${money(totals.taxAmount)}`,
      rule: 'BR-CO-15',
    });
    compare(e.prepaidAmount, totals.prepaidAmount, {
      path: 'expectedTotals.prepaidAmount',
      label: 'Prepaid amount',
      source: 'the prepayments give',
      derivation: 'sum of prepaid taxable amounts and their VAT',
      rule: 'BR-KSA-80',
    });
    compare(e.payableAmount, totals.payableAmount, {
      path: 'expectedTotals.payableAmount',
      label: 'Amount due',
      source: 'the totals give',
      derivation: `${money(totals.taxInclusiveAmount)} - prepaid ${money(totals.prepaidAmount)}${totals.payableRoundingAmount ? ` + rounding ${money(totals.payableRoundingAmount)}` : ''}`,
      rule: 'BR-CO-16',
    });
  }

  if (mismatches.length > 0) throw new TotalsMismatchError(mismatches);
}
