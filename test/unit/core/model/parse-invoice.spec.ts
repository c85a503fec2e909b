/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- the tests edit raw fixture JSON, which is untyped by nature */
import {
  InvoiceModelError,
  parseCanonicalInvoice,
  type CanonicalInvoiceInput,
} from '../../../../src/core/model';
import { readFixture } from '../ubl/fixture-support';

type Mutable = Record<string, any>;
const standard = (): Mutable => readFixture('standard-invoice') as Mutable;
const simplified = (): Mutable => readFixture('simplified-invoice') as Mutable;

/** The issues parseCanonicalInvoice reports, as "path: message" lines. */
function issuesOf(input: unknown): string[] {
  try {
    parseCanonicalInvoice(input);
  } catch (err) {
    if (err instanceof InvoiceModelError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('parseCanonicalInvoice', () => {
  it('accepts every fixture', () => {
    expect(issuesOf(standard())).toEqual([]);
    expect(issuesOf(simplified())).toEqual([]);
  });

  it('fills defaults: transaction flags, currency, line ids, official exemption text', () => {
    const inv = standard();
    inv.lines.push({
      name: 'Insurance',
      quantity: '1',
      unitPrice: '10',
      taxCategory: { code: 'E', exemptionReasonCode: 'VATEX-SA-29' },
    });
    const parsed = parseCanonicalInvoice(inv);
    expect(parsed.currency).toBe('SAR');
    expect(parsed.transaction.export).toBe(false);
    expect(parsed.lines[1].unitCode).toBe('PCE');
    expect(parsed.lines[1].taxCategory).toEqual({
      code: 'E',
      rate: '0',
      exemptionReasonCode: 'VATEX-SA-29',
      exemptionReason: 'Financial services mentioned in Article 29 of the VAT Regulations',
    });
  });

  it('names the line and rule when an exemption code belongs to another category', () => {
    const inv = standard();
    inv.lines.push(
      { name: 'a', quantity: '1', unitPrice: '1', taxCategory: { code: 'S', rate: '15' } },
      {
        name: 'b',
        quantity: '1',
        unitPrice: '1',
        taxCategory: { code: 'Z', exemptionReasonCode: 'VATEX-SA-29' },
      },
    );
    expect(issuesOf(inv)).toEqual([
      'lines[2].taxCategory.exemptionReasonCode: exemption reason code VATEX-SA-29 is for category E, not Z (BR-KSA-CL-04)',
    ]);
  });

  it('refuses JSON numbers for money and quantities', () => {
    const inv = standard();
    inv.lines[0].unitPrice = 2.5;
    inv.lines[0].quantity = 3;
    const issues = issuesOf(inv);
    expect(issues).toContain(
      'lines[0].unitPrice: must be a decimal string in quotes, e.g. "2.5": JSON numbers are refused so money never passes through a binary float',
    );
    expect(
      issues.some((i) => i.startsWith('lines[0].quantity: must be a decimal string in quotes')),
    ).toBe(true);
  });

  it.each([
    ['1,000.00', 'must be a decimal'],
    ['-5', 'must be a decimal'],
    ['1e3', 'must be a decimal'],
    ['0', 'must be greater than zero'],
  ])('refuses quantity %s', (quantity, message) => {
    const inv = standard();
    inv.lines[0].quantity = quantity;
    expect(issuesOf(inv)[0]).toMatch(new RegExp(`^lines\\[0\\]\\.quantity: ${message}`));
  });

  it('explains tax category mistakes with the rule', () => {
    const cases: [unknown, string][] = [
      [
        { code: 'S', rate: '10' },
        'lines[0].taxCategory.rate: standard rate must be 15 or 5, not 10 (BR-KSA-84)',
      ],
      [
        { code: 'Z', rate: '15', exemptionReasonCode: 'VATEX-SA-35' },
        'lines[0].taxCategory.rate: must be 0 for zero rated category Z, not 15 (BR-Z-05, BR-KSA-11)',
      ],
      [
        { code: 'E' },
        'lines[0].taxCategory.exemptionReasonCode: category E (exempt) needs an exemption reason code (BR-KSA-69/23/24)',
      ],
      [
        { code: 'S', rate: '15', exemptionReasonCode: 'VATEX-SA-29' },
        'lines[0].taxCategory.exemptionReasonCode: category S takes no exemption reason (BR-S-10)',
      ],
      [
        { code: 'O', exemptionReasonCode: 'VATEX-SA-OOS' },
        'lines[0].taxCategory.exemptionReason: code VATEX-SA-OOS has no official wording: give the reason text (BR-KSA-83)',
      ],
      [
        { code: 'Z', exemptionReasonCode: 'VATEX-SA-32', exemptionReason: 'Exports' },
        'lines[0].taxCategory.exemptionReason: reason for VATEX-SA-32 must be the official text "Export of goods" (optionally followed by a translation) (BR-KSA-83)',
      ],
      [
        { code: 'X', rate: '15' },
        'lines[0].taxCategory.code: must be one of S, Z, E, O (BR-KSA-18)',
      ],
    ];
    for (const [taxCategory, expected] of cases) {
      const inv = standard();
      inv.lines[0].taxCategory = taxCategory;
      expect(issuesOf(inv)).toEqual([expected]);
    }
  });

  it('checks seller and buyer identities', () => {
    const inv = standard();
    inv.seller.vatNumber = '300000000000001';
    inv.seller.address.buildingNumber = '12';
    inv.buyer.id = { scheme: 'NAT', value: '2047382910' };
    expect(issuesOf(inv)).toEqual([
      'seller.vatNumber: must be 15 digits starting and ending with 3 (BR-KSA-40/44)',
      'seller.address.buildingNumber: building number must be exactly 4 digits (BR-KSA-37)',
      'buyer.id.value: a NAT number is 10 digits starting with 1, got "2047382910" (BR-KSA-F-10)',
    ]);
  });

  it('refuses unknown fields, so typos do not silently drop data', () => {
    const inv = standard();
    inv.lines[0].unitprice = '2.00';
    expect(issuesOf(inv)).toEqual(['lines[0]: Unrecognized key: "unitprice"']);
  });

  it('applies the cross-field KSA rules', () => {
    const note = standard();
    note.kind = 'credit-note';
    expect(issuesOf(note)).toEqual([
      'billingReferences: a credit-note must name the invoice(s) it corrects (BR-KSA-56)',
      'noteReason: a credit-note must give the reason it is issued (KSA-10, BR-KSA-17)',
    ]);

    const simplifiedExport = simplified();
    simplifiedExport.transaction = { export: true, selfBilled: true };
    expect(issuesOf(simplifiedExport)).toEqual([
      'transaction.selfBilled: an export invoice cannot be self-billed (BR-KSA-07)',
      'transaction.export: a simplified document cannot be an export (BR-KSA-31)',
      'transaction.selfBilled: a simplified document cannot be self-billed (BR-KSA-31)',
    ]);

    const noSupplyDate = standard();
    delete noSupplyDate.supplyDate;
    expect(issuesOf(noSupplyDate)).toEqual([
      'supplyDate: is required on a standard tax invoice (KSA-5, BR-KSA-15)',
    ]);

    const usd = standard();
    usd.currency = 'USD';
    expect(issuesOf(usd)).toEqual([
      'exchangeRate: is required for a USD invoice: VAT must also be stated in SAR (BR-KSA-EN16931-09)',
    ]);

    const summary = simplified();
    summary.transaction = { summary: true };
    expect(issuesOf(summary)).toEqual([
      'supplyDate: is required on a simplified summary invoice (BR-KSA-72)',
      'supplyEndDate: is required on a simplified summary invoice (BR-KSA-72)',
      'buyer.name: is required on a simplified summary invoice (BR-KSA-71)',
    ]);
  });

  it('requires a complete Saudi buyer on standard documents', () => {
    const inv = standard();
    inv.buyer = { name: 'Buyer', address: { city: 'Riyadh', country: 'SA', postalZone: '123' } };
    expect(issuesOf(inv)).toEqual([
      'buyer.address.street: is required on standard documents (BR-KSA-10)',
      'buyer: needs a VAT number or another ID (scheme TIN, CRN, NAT, ...) on standard documents (BR-KSA-81)',
      'buyer.address.street: is required for a buyer in SA (BR-KSA-63)',
      'buyer.address.buildingNumber: is required for a buyer in SA (BR-KSA-63)',
      'buyer.address.district: is required for a buyer in SA (BR-KSA-63)',
      'buyer.address.postalZone: postal code must be exactly 5 digits for a buyer in SA (BR-KSA-67)',
    ]);
  });

  it('asks for a national ID with citizen healthcare or education exemptions', () => {
    const inv = simplified();
    inv.lines[0].taxCategory = { code: 'Z', exemptionReasonCode: 'VATEX-SA-EDU' };
    expect(issuesOf(inv)).toEqual([
      'buyer.name: is required with exemption VATEX-SA-EDU (BR-KSA-25)',
      "buyer.id: must be the buyer's national ID (scheme NAT) with exemption VATEX-SA-EDU (BR-KSA-49)",
    ]);
  });

  it('checks allowance and charge arithmetic and reasons', () => {
    const inv = standard();
    inv.allowanceCharges = [
      { kind: 'charge', amount: '10.00', taxCategory: { code: 'S', rate: '15' } },
      {
        kind: 'allowance',
        percent: '10',
        baseAmount: '4.00',
        amount: '0.50',
        reason: 'x',
        taxCategory: { code: 'S', rate: '15' },
      },
    ];
    expect(issuesOf(inv)).toEqual([
      'allowanceCharges[0].reasonCode: a charge needs a reason code (BR-KSA-19/21)',
      'allowanceCharges[0].reason: a charge needs a reason text (BR-KSA-19/21)',
      'allowanceCharges[1].amount: 0.50 is not 10% of 4.00 (= 0.40) (BR-KSA-EN16931-03)',
    ]);
  });

  it('checks the issue instant', () => {
    const inv = standard() as CanonicalInvoiceInput & Mutable;
    inv.issuedAt = '2024-03-11 00:30:00';
    expect(issuesOf(inv)[0]).toMatch(
      /^issuedAt: must be an ISO-8601 instant with seconds and an offset/,
    );
    inv.issuedAt = '2023-02-29T10:00:00Z';
    expect(issuesOf(inv)).toEqual(['issuedAt: 2023-02-29 is not a calendar date']);
  });
});
