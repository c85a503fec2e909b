import { parseCanonicalInvoice, type CanonicalInvoice } from '../../../../src/core/model';
import { Dec, formatMoney, roundMoney } from '../../../../src/core/money';
import {
  centsText,
  parseScaled,
  percentOfCents,
  roundToCents,
  scaledText,
} from '../../../../src/core/money/exact';
import {
  computeDecimalTotals,
  type InvoiceTotals,
} from '../../../../src/core/totals/compute-totals';
import { computeExactTotals } from '../../../../src/core/totals/exact-totals';
import { readFixture } from '../ubl/fixture-support';

// Property tests: the BigInt fast path against decimal.js, the reference, on many random values.
// A seeded generator (xorshift) keeps failures reproducible; digits are drawn one by one, so no
// binary float ever stands for a decimal value here either.
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const int = (n: number) => next() % n;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  /** Unsigned decimal text with up to `intDigits` integer and exactly `decimals` decimals. */
  const decimal = (intDigits: number, decimals: number) => {
    const whole = String(BigInt(digits(1 + int(intDigits))));
    return decimals === 0 ? whole : `${whole}.${digits(decimals)}`;
  };
  /** Often a half-way tie at the third decimal (x.xx5), the case float rounding gets wrong. */
  const tieOrAny = (intDigits: number, decimals: number) =>
    int(3) === 0 ? `${decimal(intDigits, 2)}5` : decimal(intDigits, decimals);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)];
  return { int, decimal, tieOrAny, pick };
}

describe('exact money arithmetic (BigInt) against decimal.js', () => {
  const g = generator(20240311);

  it('rounds to cents half-up exactly as roundMoney, ties and negatives included', () => {
    for (let i = 0; i < 5000; i++) {
      const unsigned = g.tieOrAny(6, 1 + g.int(7));
      const text = g.int(4) === 0 ? `-${unsigned}` : unsigned;
      const v = parseScaled(text)!;
      const expected = roundMoney(new Dec(text));
      expect([text, centsText(roundToCents(v.units, v.scale))]).toEqual([
        text,
        formatMoney(expected),
      ]);
    }
    expect(centsText(roundToCents(parseScaled('1.005')!.units, 3))).toBe('1.01');
    expect(centsText(roundToCents(parseScaled('-1.005')!.units, 3))).toBe('-1.01');
    expect(centsText(roundToCents(parseScaled('2.675')!.units, 3))).toBe('2.68');
    expect(centsText(roundToCents(parseScaled('-0.004')!.units, 3))).toBe('0.00');
  });

  it('takes a percentage of an amount as roundMoney(amount x percent / 100)', () => {
    for (let i = 0; i < 5000; i++) {
      const amount = g.decimal(9, g.int(3));
      const percent = g.pick(['15', '5', '0', '15.00', '7.25', g.decimal(2, g.int(3))]);
      const a = parseScaled(amount)!;
      const p = parseScaled(percent)!;
      const cents = a.units * 10n ** BigInt(2 - a.scale);
      const expected = roundMoney(new Dec(amount).times(percent).dividedBy(100));
      expect([amount, percent, centsText(percentOfCents(cents, p.units, p.scale))]).toEqual([
        amount,
        percent,
        formatMoney(expected),
      ]);
    }
  });

  it('writes texts as decimal.js toFixed(scale) does', () => {
    for (let i = 0; i < 2000; i++) {
      const scale = g.int(8);
      const text = g.int(3) === 0 ? `-${g.decimal(6, scale)}` : g.decimal(6, scale);
      const v = parseScaled(text)!;
      expect(scaledText(v.units, v.scale)).toBe(new Dec(text).toFixed(scale));
    }
    expect(centsText(0n)).toBe('0.00');
    expect(centsText(5n)).toBe('0.05');
    expect(centsText(-5n)).toBe('-0.05');
    expect(parseScaled('1234567890123456')).toBeUndefined(); // longer than the fast path takes
  });
});

describe('computeExactTotals against computeDecimalTotals', () => {
  const base = parseCanonicalInvoice(readFixture('simplified-invoice'));
  const categories = [
    { code: 'S', rate: '15' },
    { code: 'S', rate: '15.00' },
    { code: 'S', rate: '5' },
    { code: 'S', rate: '7.25' },
    { code: 'Z', rate: '0', exemptionReasonCode: 'VATEX-SA-32', exemptionReason: 'Export' },
    { code: 'E', rate: '0.00', exemptionReasonCode: 'VATEX-SA-29', exemptionReason: 'Finance' },
  ] as const;

  function randomInvoice(g: ReturnType<typeof generator>): CanonicalInvoice {
    const money = () => g.decimal(6, g.int(3));
    const allowanceCharge = () => {
      const kind = g.int(2) === 0 ? ('allowance' as const) : ('charge' as const);
      return g.int(2) === 0
        ? { kind, amount: g.decimal(2, g.int(3)) }
        : { kind, percent: g.pick(['5', '10', '2.5', '12.75']), baseAmount: money() };
    };
    const lines = Array.from({ length: 1 + g.int(8) }, () => ({
      ...base.lines[0],
      quantity: g.tieOrAny(4, g.int(7)),
      unitPrice: g.tieOrAny(5, g.int(5)),
      taxCategory: g.pick(categories),
      allowanceCharges: g.int(3) === 0 ? [allowanceCharge(), allowanceCharge()] : [],
    }));
    const documentAcs = Array.from({ length: g.int(3) }, () => ({
      ...allowanceCharge(),
      taxCategory: g.pick(categories),
    }));
    const prepayments = Array.from({ length: g.int(3) === 0 ? 1 + g.int(2) : 0 }, () => ({
      id: 'P',
      uuid: '8d487816-70b8-4ade-a618-000000000009',
      issuedAt: '2024-01-01T10:00:00Z',
      name: 'Prepayment adjustment',
      taxCategory: g.pick(categories),
      taxableAmount: g.decimal(2, 2),
      vatAmount: g.int(2) === 0 ? undefined : g.decimal(1, 2),
    }));
    return {
      ...base,
      lines,
      allowanceCharges: documentAcs,
      prepayments,
      exchangeRate:
        g.int(3) === 0 ? g.pick(['3.75', '0.266666667', '1', g.decimal(2, 6)]) : undefined,
      payableRoundingAmount: g.int(4) === 0 ? g.pick(['-0.01', '0.02', '-0.00', '0']) : undefined,
    };
  }

  /** Every value of the totals as text: Dec values by toString(), XML texts as they are. */
  function snapshot(t: InvoiceTotals): unknown {
    const s = (d: Dec | undefined) => d?.toString();
    return {
      lines: t.lines.map((l) => ({
        gross: s(l.gross),
        allowances: l.allowances.map(s),
        charges: l.charges.map(s),
        net: s(l.net),
        vat: s(l.vat),
        amountWithVat: s(l.amountWithVat),
        text: l.text,
      })),
      allowanceCharges: t.allowanceCharges.map((a) => [a.kind, s(a.amount), a.text]),
      prepayments: t.prepayments.map((p) => [
        p.taxCategory,
        s(p.taxable),
        s(p.vat),
        s(p.computedVat),
        p.text,
      ]),
      subtotals: t.subtotals.map((x) => [
        x.taxCategory,
        s(x.rate),
        s(x.linesNet),
        s(x.allowances),
        s(x.charges),
        s(x.taxable),
        s(x.vat),
        x.text,
      ]),
      lineExtensionAmount: s(t.lineExtensionAmount),
      allowanceTotalAmount: s(t.allowanceTotalAmount),
      chargeTotalAmount: s(t.chargeTotalAmount),
      taxExclusiveAmount: s(t.taxExclusiveAmount),
      taxAmount: s(t.taxAmount),
      taxAmountSar: s(t.taxAmountSar),
      taxInclusiveAmount: s(t.taxInclusiveAmount),
      prepaidAmount: s(t.prepaidAmount),
      payableRoundingAmount: s(t.payableRoundingAmount),
      payableRoundingNegative: t.payableRoundingAmount?.isNegative(),
      payableAmount: s(t.payableAmount),
      text: t.text,
    };
  }

  it('gives the same values on 3000 random invoices, and declines exactly where decimal.js throws', () => {
    const g = generator(7);
    let exact = 0;
    for (let i = 0; i < 3000; i++) {
      const invoice = randomInvoice(g);
      let reference: InvoiceTotals | Error;
      try {
        reference = computeDecimalTotals(invoice);
      } catch (e) {
        reference = e as Error;
      }
      const fast = computeExactTotals(invoice);
      if (reference instanceof Error) {
        expect(fast).toBeUndefined();
        continue;
      }
      expect(fast).toBeDefined();
      exact++;
      expect(snapshot(fast!)).toEqual(snapshot(reference));
    }
    expect(exact).toBeGreaterThan(1000);
  });

  it('leaves base quantities and long numbers to decimal.js', () => {
    const line = base.lines[0];
    const withBase = { ...base, lines: [{ ...line, baseQuantity: '3' }] };
    expect(computeExactTotals(withBase)).toBeUndefined();
    const long = { ...base, lines: [{ ...line, quantity: '1.0000000000000001' }] };
    expect(computeExactTotals(long)).toBeUndefined();
  });
});
