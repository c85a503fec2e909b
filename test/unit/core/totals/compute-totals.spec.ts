import { parseCanonicalInvoice, type CanonicalInvoice } from '../../../../src/core/model';
import { Dec } from '../../../../src/core/money';
import { computeInvoiceTotals, TotalsError } from '../../../../src/core/totals';
import { readFixture } from '../ubl/fixture-support';

type Json = Record<string, unknown>;
const S15 = { code: 'S', rate: '15' };
const ZERO_RATED = { code: 'Z', exemptionReasonCode: 'VATEX-SA-35' };

/** A simplified invoice around the given lines (and optional extra fields). */
function invoice(lines: Json[], extra: Json = {}): CanonicalInvoice {
  const base = readFixture('simplified-invoice') as Json;
  return parseCanonicalInvoice({ ...base, lines, ...extra });
}
const line = (quantity: string, unitPrice: string, taxCategory: Json = S15, extra: Json = {}) => ({
  name: 'Item',
  quantity,
  unitPrice,
  taxCategory,
  ...extra,
});
const text = (d: Dec | undefined) => d?.toFixed(2);

describe('computeInvoiceTotals', () => {
  it('rounds half-up at .005 (line net and VAT)', () => {
    // 1 x 10.005 = 10.005 -> 10.01 ; 15% of 0.10 = 0.015 -> 0.02
    const t = computeInvoiceTotals(invoice([line('1', '10.005'), line('1', '0.10')]));
    expect(text(t.lines[0].net)).toBe('10.01');
    expect(text(t.lines[1].vat)).toBe('0.02');
    // 1.115 x 1 -> 1.12 (a float would give 1.11)
    expect(text(computeInvoiceTotals(invoice([line('1', '1.115')])).lines[0].net)).toBe('1.12');
  });

  it('computes VAT per category on the taxable amount, not as the sum of rounded line VATs', () => {
    // Three lines of 0.10 at 15%: each line VAT 0.015 -> 0.02, sum 0.06;
    // the breakdown is 15% of 0.30 = 0.045 -> 0.05.
    const t = computeInvoiceTotals(
      invoice([line('1', '0.10'), line('1', '0.10'), line('1', '0.10')]),
    );
    expect(t.lines.map((l) => text(l.vat))).toEqual(['0.02', '0.02', '0.02']);
    expect(text(t.subtotals[0].taxable)).toBe('0.30');
    expect(text(t.taxAmount)).toBe('0.05');
    expect(text(t.taxInclusiveAmount)).toBe('0.35');
  });

  it('keeps one breakdown per category and rate; 15 and 15.00 are the same rate', () => {
    const t = computeInvoiceTotals(
      invoice([
        line('2', '50', { code: 'S', rate: '15' }),
        line('1', '20', { code: 'S', rate: '15.00' }),
        line('3', '10', { code: 'S', rate: '5' }),
        line('1', '40', ZERO_RATED),
      ]),
    );
    expect(
      t.subtotals.map((s) => [s.taxCategory.code, s.rate.toFixed(2), text(s.taxable), text(s.vat)]),
    ).toEqual([
      ['S', '15.00', '120.00', '18.00'],
      ['S', '5.00', '30.00', '1.50'],
      ['Z', '0.00', '40.00', '0.00'],
    ]);
    expect(text(t.taxAmount)).toBe('19.50');
  });

  it('applies line charges and allowances, base quantity and percentages', () => {
    const t = computeInvoiceTotals(
      invoice([
        line('3', '12.125', S15, {
          baseQuantity: '5',
          allowanceCharges: [
            { kind: 'allowance', amount: '1.00', reason: 'Discount' },
            { kind: 'charge', amount: '0.50', reasonCode: 'CG', reason: 'Cleaning' },
          ],
        }),
        line('2', '80', S15, {
          allowanceCharges: [
            { kind: 'allowance', percent: '5', baseAmount: '160.00', reason: 'Volume' },
          ],
        }),
      ]),
    );
    // 3 x 12.125 / 5 = 7.275; + 0.50 - 1.00 = 6.775 -> 6.78 (rounded once, at the end)
    expect(text(t.lines[0].net)).toBe('6.78');
    // 160.00 - 5% of 160.00
    expect(text(t.lines[1].net)).toBe('152.00');
    expect(text(t.lineExtensionAmount)).toBe('158.78');
  });

  it('takes document allowances and charges into the taxable amount of their category', () => {
    const t = computeInvoiceTotals(
      invoice([line('1', '100'), line('1', '50', ZERO_RATED)], {
        allowanceCharges: [
          {
            kind: 'allowance',
            percent: '10',
            baseAmount: '100.00',
            reason: 'Loyalty',
            taxCategory: S15,
          },
          { kind: 'charge', amount: '5.55', reasonCode: 'FC', reason: 'Freight', taxCategory: S15 },
          { kind: 'allowance', amount: '5.00', reason: 'Goodwill', taxCategory: ZERO_RATED },
        ],
      }),
    );
    expect(t.subtotals.map((s) => [s.taxCategory.code, text(s.taxable), text(s.vat)])).toEqual([
      ['S', '95.55', '14.33'], // 100 - 10 + 5.55; 15% = 14.3325
      ['Z', '45.00', '0.00'],
    ]);
    expect(text(t.allowanceTotalAmount)).toBe('15.00');
    expect(text(t.chargeTotalAmount)).toBe('5.55');
    expect(text(t.taxExclusiveAmount)).toBe('140.55');
    expect(text(t.taxInclusiveAmount)).toBe('154.88');
    expect(text(t.payableAmount)).toBe('154.88');
  });

  it('deducts prepayments from the amount due, not from the VAT', () => {
    const t = computeInvoiceTotals(
      parseCanonicalInvoice(readFixture('final-invoice-prepayment-rate-change')),
    );
    expect(text(t.taxAmount)).toBe('285.00');
    expect(text(t.prepayments[0].vat)).toBe('50.00'); // 5% of 1000.00, computed
    expect(text(t.prepaidAmount)).toBe('1050.00');
    expect(text(t.payableAmount)).toBe('1135.00');
    // The 5% prepayment adds no breakdown: S already has one (as in the SDK sample).
    expect(t.subtotals).toHaveLength(1);
  });

  it('adds an empty breakdown for a category that only a prepayment line has', () => {
    const base = readFixture('final-invoice-with-prepayment') as Json;
    const inv = parseCanonicalInvoice({
      ...base,
      expectedTotals: undefined,
      prepayments: [
        {
          id: 'P1',
          uuid: 'a79760f7-2f48-4da9-85a5-40459a147c80',
          issuedAt: '2024-01-01T10:00:00Z',
          taxCategory: ZERO_RATED,
          taxableAmount: '100.00',
        },
      ],
    });
    const t = computeInvoiceTotals(inv);
    expect(t.subtotals.map((s) => [s.taxCategory.code, text(s.taxable), text(s.vat)])).toEqual([
      ['S', '1900.00', '285.00'],
      ['Z', '0.00', '0.00'],
    ]);
    expect(text(t.prepaidAmount)).toBe('100.00');
  });

  it('states VAT in SAR for foreign-currency invoices', () => {
    const t = computeInvoiceTotals(parseCanonicalInvoice(readFixture('foreign-currency-invoice')));
    expect(text(t.taxAmount)).toBe('382.50');
    expect(text(t.taxAmountSar)).toBe('1557.58'); // 382.50 x 4.0721 = 1557.57825
  });

  it('applies payable rounding', () => {
    const t = computeInvoiceTotals(parseCanonicalInvoice(readFixture('payable-rounding')));
    expect(text(t.taxInclusiveAmount)).toBe('1000.01');
    expect(text(t.payableRoundingAmount)).toBe('-0.01');
    expect(text(t.payableAmount)).toBe('1000.00');
  });

  it('refuses negative amounts with the field and rule', () => {
    expect(() =>
      computeInvoiceTotals(
        invoice([
          line('1', '10', S15, {
            allowanceCharges: [{ kind: 'allowance', amount: '11.00', reason: 'x' }],
          }),
        ]),
      ),
    ).toThrow(
      new TotalsError(
        'lines[0]',
        'line allowances exceed the line amount; the net amount -1.00 would be negative (BR-KSA-F-04)',
      ),
    );
    expect(() =>
      computeInvoiceTotals(
        invoice([line('1', '10')], {
          allowanceCharges: [{ kind: 'allowance', amount: '20.00', reason: 'x', taxCategory: S15 }],
        }),
      ),
    ).toThrow(
      /document allowances in category S 15.00% \(20.00\) exceed the lines and charges of that category \(10.00\)/,
    );
  });
});
