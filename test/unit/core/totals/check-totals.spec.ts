/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the tests edit raw fixture JSON */
import { parseCanonicalInvoice } from '../../../../src/core/model';
import {
  checkExpectedTotals,
  computeInvoiceTotals,
  TotalsMismatchError,
} from '../../../../src/core/totals';
import { readFixture } from '../ubl/fixture-support';

type Json = Record<string, any>;

/** The mismatch messages for a fixture with some ERP totals replaced. */
function mismatches(fixture: string, edit: (inv: Json) => void): string[] {
  const raw = readFixture(fixture) as Json;
  edit(raw);
  const invoice = parseCanonicalInvoice(raw);
  try {
    checkExpectedTotals(invoice, computeInvoiceTotals(invoice));
  } catch (err) {
    if (err instanceof TotalsMismatchError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('checkExpectedTotals', () => {
  it('accepts the totals the ERP got right', () => {
    expect(mismatches('simplified-invoice', () => {})).toEqual([]);
    expect(mismatches('final-invoice-with-prepayment', () => {})).toEqual([]);
  });

  it('explains a wrong VAT total to an accountant', () => {
    expect(
      mismatches('simplified-invoice', (inv) => {
        inv.expectedTotals.taxAmount = '30.16';
      }),
    ).toEqual([
      'Total VAT: the invoice says 30.16 but the lines give 30.15 (15% of 201.00, rounded half-up; BR-CO-14)',
    ]);
  });

  it('lists every wrong total, with the per-category VAT sum when there are several', () => {
    expect(
      mismatches('exempt-invoice', (inv) => {
        inv.expectedTotals = {
          taxAmount: '450.00',
          taxInclusiveAmount: '3450.00',
          payableAmount: '3300',
        };
      }),
    ).toEqual([
      'Total VAT: the invoice says 450.00 but the lines give 300.00 (0% of 1000.00 = 0.00 + 15% of 2000.00 = 300.00, each rounded half-up; BR-CO-14)',
      'Total with VAT: the invoice says 3450.00 but the lines give 3300.00 (3000.00 + VAT 300.00; BR-CO-15)',
    ]);
  });

  it('checks line totals and names the line', () => {
    expect(
      mismatches('simplified-invoice', (inv) => {
        inv.lines[1].expected = { net: '102.00', vat: '15.31', amountWithVat: '117.30' };
        inv.lines[0].expected = { net: '99.01' };
      }),
    ).toEqual([
      'Line 1 net amount: the invoice says 99.01 but quantity and price give 99.00 (33.000000 x 3.00, rounded half-up; BR-KSA-EN16931-11)',
      'Line 2 VAT: the invoice says 15.31 but the line gives 15.30 (15% of 102.00, rounded half-up; BR-KSA-50)',
    ]);
  });

  it('checks prepayment VAT, the SAR total and the amount due', () => {
    expect(
      mismatches('foreign-currency-prepayment', (inv) => {
        inv.prepayments[0].vatAmount = '149.00';
        inv.expectedTotals.taxAmountSar = '1068.00';
      }),
    ).toEqual([
      'Prepayment 46531 VAT: the invoice says 149.00 but its taxable amount gives 150.00 (15% of 1000.00, rounded half-up; BR-KSA-79)',
      'Total VAT in SAR: the invoice says 1068.00 but the exchange rate gives 1068.75 (285.00 USD x 3.75, rounded half-up; BR-KSA-EN16931-09)',
      'Amount due: the invoice says 1035.00 but the totals give 1036.00 (2185.00 - prepaid 1149.00; BR-CO-16)',
    ]);
  });

  it('treats 30.1 and 30.10 as the same amount', () => {
    expect(
      mismatches('document-charge', (inv) => {
        inv.expectedTotals.chargeTotalAmount = '60';
      }),
    ).toEqual([]);
  });
});
