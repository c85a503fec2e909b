import { Dec, formatMoney, roundMoney } from '../../../../src/core/money';

describe('money arithmetic', () => {
  it.each([
    ['1.005', '1.01'],
    ['1.004', '1.00'],
    ['2.675', '2.68'], // 2.67 with binary floats
    ['-0.005', '-0.01'],
    ['0.015', '0.02'],
    ['130.4355', '130.44'],
  ])('rounds %s half-up to %s', (value, rounded) => {
    expect(roundMoney(new Dec(value)).toFixed(2)).toBe(rounded);
  });

  it.each([
    ['0', '0.00'],
    ['-0', '0.00'],
    ['7', '7.00'],
    ['7.5', '7.50'],
    ['7.25', '7.25'],
    ['-0.01', '-0.01'],
    ['1234567890123.4', '1234567890123.40'],
    ['3.14159', '3.14'],
    ['1e21', '1000000000000000000000.00'],
  ])('formats %s as %s', (value, text) => {
    expect(formatMoney(new Dec(value))).toBe(text);
  });
});
