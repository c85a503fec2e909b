import { mapOdooDocument } from '../../../../connectors/odoo/odoo-mapper';
import type { OdooDocumentData } from '../../../../connectors/odoo/odoo-reader';
import type { MappedInvoice } from '../../../../src/connectors/connector';
import { MappingError, type MappingProblem } from '../../../../src/connectors/connector-errors';
import type { CanonicalMappings } from '../../../../src/connectors/mapping/mapping-settings';
import { InvalidInvoiceError } from '../../../../src/invoices/intake-errors';
import { preflight } from '../../../../src/invoices/preflight';
import { line, mappings, odooDoc, tax } from './odoo-doc';

const NOW = new Date('2026-11-21T12:00:00Z');

interface Line {
  name: string;
  quantity: string;
  unitPrice: string;
  taxCategory: Record<string, unknown>;
  allowanceCharges?: { kind: string; amount: string; reason: string }[];
  expected: { net: string };
}

function map(doc: OdooDocumentData, m: CanonicalMappings = mappings()): MappedInvoice {
  return mapOdooDocument(doc, m);
}

function linesOf(mapped: MappedInvoice): Line[] {
  return mapped.invoice.lines as Line[];
}

/** The problems of a refused mapping (fails the test when it maps). */
function problems(work: () => unknown): MappingProblem[] {
  try {
    work();
  } catch (err) {
    if (err instanceof MappingError) return err.problems;
    throw err;
  }
  throw new Error('expected a MappingError');
}

/** The host's own pre-flight (model, totals against Odoo's, ZATCA rules) on the mapped invoice. */
function accepted(mapped: MappedInvoice) {
  return preflight(mapped.invoice, NOW);
}

const totals = (untaxed: number, taxAmount: number, total: number) => ({
  amount_untaxed: untaxed,
  amount_tax: taxAmount,
  amount_total: total,
  amount_untaxed_signed: untaxed,
  amount_tax_signed: taxAmount,
  amount_total_signed: total,
});

describe('Odoo mapper: lines', () => {
  it('skips sections and notes, and names a line by its place in invoice_line_ids', () => {
    const section = line(10, {
      display_type: 'line_section',
      name: 'Hardware',
      quantity: 0,
      price_unit: 0,
      tax_ids: [],
      price_subtotal: 0,
      price_total: 0,
      product_uom_id: false,
    });
    const note = line(11, { ...section, id: 11, display_type: 'line_note', name: 'Delivered' });
    const doc = odooDoc();
    doc.lines = [section, doc.lines[0], note, doc.lines[1]];
    const mapped = map(doc);
    expect(linesOf(mapped).map((l) => l.name)).toEqual(['[WID-A] Widget A', 'Consulting hours']);
    expect(accepted(mapped).totals.taxExclusiveAmount.toFixed(2)).toBe('480.00');

    doc.lines[3] = { ...doc.lines[3], tax_ids: [99] };
    expect(problems(() => map(doc))).toEqual([
      {
        field: 'invoice_line_ids[3].tax_ids',
        rule: expect.stringContaining(
          'line 4 "Consulting hours" (id 6): Odoo tax "99" (id 99) has no ZATCA category',
        ) as unknown,
      },
    ]);
  });

  it('refuses a move with only sections and notes', () => {
    const doc = odooDoc({ lines: [line(10, { display_type: 'line_section', tax_ids: [] })] });
    expect(problems(() => map(doc))).toContainEqual({
      field: 'invoice_line_ids',
      rule: 'no product lines (only sections or notes)',
    });
  });

  it('turns a 10% and a 12.5% discount into line allowances whose net is Odoo price_subtotal', () => {
    const captured = map(odooDoc());
    expect(linesOf(captured)[0]).toMatchObject({
      quantity: '2',
      unitPrice: '100',
      allowanceCharges: [{ kind: 'allowance', amount: '20.00', reason: 'Discount 10%' }],
      expected: { net: '180.00' },
    });
    // 3 x 33.33 = 99.99, less 12.5% = 87.49125, Odoo rounds once: 87.49.
    const doc = odooDoc({
      lines: [line(5, { quantity: 3, price_unit: 33.33, discount: 12.5, price_subtotal: 87.49 })],
      move: totals(87.49, 13.12, 100.61),
    });
    const mapped = map(doc);
    expect(linesOf(mapped)[0].allowanceCharges).toEqual([
      { kind: 'allowance', amount: '12.50', reasonCode: '95', reason: 'Discount 12.5%' },
    ]);
    expect(accepted(mapped).totals.taxAmount.toFixed(2)).toBe('13.12');
  });

  it('takes a 100% discount as a line with net 0', () => {
    const doc = odooDoc({
      lines: [
        line(5, { quantity: 1, price_unit: 50, discount: 100, price_subtotal: 0, price_total: 0 }),
        line(6, { quantity: 1, price_unit: 300, price_subtotal: 300 }),
      ],
      move: totals(300, 45, 345),
    });
    const mapped = map(doc);
    expect(linesOf(mapped)[0]).toMatchObject({
      allowanceCharges: [{ amount: '50.00' }],
      expected: { net: '0.00' },
    });
    expect(accepted(mapped).totals.taxInclusiveAmount.toFixed(2)).toBe('345.00');
  });

  it('refuses negative lines (a return on an invoice) naming the line', () => {
    const doc = odooDoc();
    doc.lines[1] = { ...doc.lines[1], quantity: -1.5, price_subtotal: -300 };
    expect(problems(() => map(doc))[0]).toEqual({
      field: 'invoice_line_ids[1].quantity',
      rule: expect.stringMatching(
        /^line 2 "Consulting hours" \(id 6\): quantity -1.5 is negative.*credit note/,
      ) as unknown,
    });
  });
});

describe('Odoo mapper: taxes', () => {
  const included = tax(2, { name: '15% incl.', price_include: true });

  it('takes a tax-included price (price_include) out of the VAT: 115 incl. → 100', () => {
    const doc = odooDoc({
      taxes: [included],
      lines: [line(5, { quantity: 2, price_unit: 115, tax_ids: [2], price_subtotal: 200 })],
      move: totals(200, 30, 230),
    });
    const mapped = map(doc);
    expect(linesOf(mapped)[0]).toMatchObject({ unitPrice: '100', expected: { net: '200.00' } });
    expect(accepted(mapped).totals.taxAmount.toFixed(2)).toBe('30.00');
  });

  it('combines a tax-included price with a discount', () => {
    // 115 incl. less 10% = 103.50 incl. = 90.00 + 13.50 VAT.
    const doc = odooDoc({
      taxes: [included],
      lines: [line(5, { price_unit: 115, discount: 10, tax_ids: [2], price_subtotal: 90 })],
      move: totals(90, 13.5, 103.5),
    });
    const mapped = map(doc);
    expect(linesOf(mapped)[0]).toMatchObject({
      unitPrice: '100',
      allowanceCharges: [{ amount: '10.00' }],
      expected: { net: '90.00' },
    });
    expect(accepted(mapped).totals.taxInclusiveAmount.toFixed(2)).toBe('103.50');
  });

  it('never adjusts Odoo figures a tax-included price cannot give in ZATCA terms: the pre-flight names the total', () => {
    // 10.00 incl. 15%: Odoo books 8.70 + 1.30; ZATCA's VAT is 8.70 x 15% = 1.305 → 1.31.
    const doc = odooDoc({
      taxes: [included],
      lines: [line(5, { price_unit: 10, tax_ids: [2], price_subtotal: 8.7 })],
      move: totals(8.7, 1.3, 10),
    });
    const mapped = map(doc);
    expect(linesOf(mapped)[0].unitPrice).toBe('8.6956521739');
    let refused: InvalidInvoiceError | undefined;
    try {
      accepted(mapped);
    } catch (err) {
      refused = err as InvalidInvoiceError;
    }
    expect(refused).toBeInstanceOf(InvalidInvoiceError);
    expect(refused!.errors).toContainEqual({
      field: 'invoice.expectedTotals.taxAmount',
      rule: expect.stringContaining('given 1.30') as unknown,
    });
  });

  it('refuses a withholding tax next to VAT, naming the line and the tax', () => {
    const wht = tax(7, { name: 'WHT 5%', amount: -5, l10n_sa_is_retention: true });
    const doc = odooDoc({ taxes: [tax(1), wht] });
    doc.lines[1] = { ...doc.lines[1], tax_ids: [1, 7] };
    expect(problems(() => map(doc))).toEqual([
      {
        field: 'invoice_line_ids[1].tax_ids',
        rule: expect.stringMatching(
          /^line 2 "Consulting hours" \(id 6\): withholding tax "WHT 5%" \(id 7\) \(-5%\) is not allowed/,
        ) as unknown,
      },
    ]);
  });

  it('refuses a negative tax even without the l10n_sa retention flag', () => {
    const doc = odooDoc({ taxes: [tax(1), tax(8, { name: 'Retention', amount: -2.5 })] });
    doc.lines[0] = { ...doc.lines[0], tax_ids: [8, 1] };
    expect(problems(() => map(doc))[0].rule).toMatch(
      /withholding tax "Retention" \(id 8\) \(-2.5%\)/,
    );
  });

  it('refuses several taxes on one line unless the others are mapped as not VAT and add nothing', () => {
    const eco = tax(8, { name: 'Eco 5%', amount: 5 });
    const info = tax(9, { name: 'Info 0%', amount: 0 });
    const twoVat = odooDoc({ taxes: [tax(1), eco] });
    twoVat.lines[0] = { ...twoVat.lines[0], tax_ids: [1, 8] };
    expect(problems(() => map(twoVat))).toEqual([
      {
        field: 'invoice_line_ids[0].tax_ids',
        rule: expect.stringContaining(
          'line 1 "[WID-A] Widget A" (id 5): 2 taxes ("15%" (id 1), "Eco 5%" (id 8)); a ZATCA line has exactly one VAT category',
        ) as unknown,
      },
    ]);
    // Mapping a tax that adds 5% as "ignore" would drop money from the invoice: refused.
    expect(problems(() => map(twoVat, mappings({ tax: { 8: { ignore: true } } })))[0].rule).toMatch(
      /tax "Eco 5%" \(id 8\) is mapped as not VAT .* but adds 5%/,
    );

    const withInfo = odooDoc({ taxes: [tax(1), info] });
    withInfo.lines[0] = { ...withInfo.lines[0], tax_ids: [1, 9] };
    expect(() => map(withInfo)).toThrow(/2 taxes/);
    const mapped = map(withInfo, mappings({ tax: { 9: { ignore: true } } }));
    expect(linesOf(mapped)[0].taxCategory).toEqual({ code: 'S', rate: '15' });
    expect(accepted(mapped).totals.taxAmount.toFixed(2)).toBe('72.00');
  });

  it('refuses a line without VAT tax', () => {
    const doc = odooDoc();
    doc.lines[0] = { ...doc.lines[0], tax_ids: [] };
    expect(problems(() => map(doc))[0]).toEqual({
      field: 'invoice_line_ids[0].tax_ids',
      rule: expect.stringContaining('no VAT tax') as unknown,
    });
  });

  it('maps zero-rated and exempt taxes with their exemption reasons (mapping, or l10n_sa_edi code)', () => {
    const medicines = tax(3, { name: 'Medicines 0%', amount: 0 });
    const finance = tax(4, {
      name: 'Exempt 0%',
      amount: 0,
      l10n_sa_exemption_reason_code: 'VATEX-SA-29',
    });
    const doc = odooDoc({
      taxes: [medicines, finance],
      lines: [
        line(5, { quantity: 2, price_unit: 90, tax_ids: [3], price_subtotal: 180 }),
        line(6, { quantity: 1.5, price_unit: 200, tax_ids: [4], price_subtotal: 300 }),
      ],
      move: totals(480, 0, 480),
    });
    // Without a mapping a 0% tax without l10n_sa_edi code has no category.
    expect(problems(() => map(doc))[0]).toEqual({
      field: 'invoice_line_ids[0].tax_ids',
      rule: expect.stringContaining(
        'Odoo tax "Medicines 0%" (id 3) has no ZATCA category: PUT /connectors/<id>/mappings/tax/3',
      ) as unknown,
    });
    const m = mappings({
      tax: {
        3: {
          category: 'Z',
          rate: '0',
          exemptionReasonCode: 'VATEX-SA-35',
          exemptionReason: 'Medicines and medical equipment',
        },
      },
    });
    const mapped = map(doc, m);
    expect(linesOf(mapped).map((l) => l.taxCategory)).toEqual([
      {
        code: 'Z',
        rate: '0',
        exemptionReasonCode: 'VATEX-SA-35',
        exemptionReason: 'Medicines and medical equipment',
      },
      { code: 'E', rate: '0', exemptionReasonCode: 'VATEX-SA-29' },
    ]);
    const { totals: t } = accepted(mapped);
    expect(t.taxAmount.toFixed(2)).toBe('0.00');
  });

  it('refuses a mapping whose rate is not the one Odoo computes with', () => {
    const doc = odooDoc();
    const m = mappings({ tax: { 1: { category: 'Z', exemptionReasonCode: 'VATEX-SA-35' } } });
    expect(problems(() => map(doc, m))[0].rule).toMatch(
      /Odoo computes 15% with tax "15%" \(id 1\) but its mapping says category Z at 0%/,
    );
  });
});

describe('Odoo mapper: foreign currency', () => {
  const usd = (move: Record<string, unknown> = {}, currency: Record<string, unknown> = {}) =>
    odooDoc({
      move: { currency_id: [2, 'USD'], amount_tax_signed: 270, ...move },
      currency: { id: 2, name: 'USD', decimal_places: 2, rate: 1 / 3.75, ...currency },
    });

  it('inverts Odoo rate (USD per SAR) into SAR per USD; the SAR VAT is the VAT x that rate', () => {
    const mapped = map(usd());
    expect(mapped.invoice).toMatchObject({ currency: 'USD', exchangeRate: '3.75' });
    const { totals: t } = accepted(mapped);
    expect(t.taxAmount.toFixed(2)).toBe('72.00');
    expect(t.taxAmountSar.toFixed(2)).toBe('270.00');
  });

  it('keeps the decimals of a rate typed as "Unit per SAR" (0.266667)', () => {
    const mapped = map(usd({}, { rate: 0.266667 }));
    expect(mapped.invoice.exchangeRate).toBe('3.7499953125');
    expect(accepted(mapped).totals.taxAmountSar.toFixed(2)).toBe('270.00');
  });

  it("prefers the rate stored on the invoice (Odoo 18 invoice_currency_rate) over today's", () => {
    const mapped = map(usd({ invoice_currency_rate: 1 / 3.7, amount_tax_signed: 266.4 }));
    expect(mapped.invoice.exchangeRate).toBe('3.7');
    expect(accepted(mapped).totals.taxAmountSar.toFixed(2)).toBe('266.40');
  });

  it('refuses a rate that is not the one Odoo booked the VAT with', () => {
    // Booked at 3.70 SAR per USD; the currency's rate read is 3.75.
    expect(problems(() => map(usd({ amount_tax_signed: 266.4 })))).toEqual([
      {
        field: 'currency_id.rate',
        rule: expect.stringContaining(
          'Odoo booked the VAT 72.00 USD as 266.40 SAR (amount_tax_signed), but 3.75 SAR per USD',
        ) as unknown,
      },
    ]);
  });

  it('refuses a missing rate and a company not keeping its books in SAR', () => {
    expect(problems(() => map(usd({}, { rate: false })))[0]).toMatchObject({
      field: 'currency_id.rate',
    });
    expect(
      problems(() => map(odooDoc({ ...usd(), company: { currency_id: [2, 'USD'] } }))),
    ).toContainEqual({
      field: 'company_id.currency_id',
      rule: expect.stringContaining("the company's currency is USD") as unknown,
    });
  });

  it('gives a SAR invoice no exchange rate', () => {
    expect(map(odooDoc()).invoice.exchangeRate).toBeUndefined();
  });
});

describe('Odoo mapper: standard or simplified', () => {
  const noId = {
    l10n_sa_additional_identification_scheme: false,
    l10n_sa_additional_identification_number: false,
  };
  const person = { is_company: false, vat: false, name: 'Sara Ahmed', ...noId };
  const subtype = (doc: OdooDocumentData, m = mappings()) => map(doc, m).invoice.subtype;

  it('by buyer (the default): VAT number → standard, whoever holds it', () => {
    expect(subtype(odooDoc())).toBe('standard');
    expect(subtype(odooDoc({ buyer: { ...person, vat: '300000000000003' } }))).toBe('standard');
  });

  it('by buyer: a company without VAT number but with a business ID (CRN) → standard', () => {
    const company = {
      vat: false,
      l10n_sa_additional_identification_scheme: 'CRN',
      l10n_sa_additional_identification_number: '4030000001',
    };
    const mapped = map(odooDoc({ buyer: company }));
    expect(mapped.invoice.subtype).toBe('standard');
    expect(mapped.invoice.buyer).toMatchObject({ id: { scheme: 'CRN', value: '4030000001' } });
    // The same ID on a person does not make a B2B sale.
    expect(subtype(odooDoc({ buyer: { ...company, is_company: false } }))).toBe('simplified');
  });

  it('by buyer: a person without VAT number, a company with neither VAT nor ID, no buyer → simplified', () => {
    expect(subtype(odooDoc({ buyer: person }))).toBe('simplified');
    expect(subtype(odooDoc({ buyer: { vat: false, ...noId } }))).toBe('simplified');
    expect(subtype(odooDoc({ buyer: null }))).toBe('simplified');
  });

  it('a journal mapped to simplified (a shop) issues simplified invoices even to VAT-registered buyers', () => {
    expect(subtype(odooDoc(), mappings({ subtype: { 'journal:1': 'simplified' } }))).toBe(
      'simplified',
    );
  });

  it('a journal mapped to standard refuses a buyer without VAT number or business ID', () => {
    const m = mappings({ subtype: { 'journal:1': 'standard' } });
    const crn = {
      l10n_sa_additional_identification_scheme: 'CRN',
      l10n_sa_additional_identification_number: '4030000001',
    };
    expect(subtype(odooDoc({ buyer: { ...person, ...crn } }), m)).toBe('standard');
    expect(problems(() => map(odooDoc({ buyer: person }), m))).toContainEqual({
      field: 'partner_id',
      rule: expect.stringContaining(
        'journal "Customer Invoices" issues standard (B2B) invoices (mapping subtype/journal:1), but the buyer "Sara Ahmed" has neither a VAT number nor a business ID',
      ) as unknown,
    });
  });

  it('a journal mapping wins over the company one, which wins over *', () => {
    const all = mappings({ subtype: { '*': 'simplified' } });
    expect(subtype(odooDoc(), all)).toBe('simplified');
    const journal = mappings({ subtype: { '*': 'simplified', 'journal:1': 'by-buyer' } });
    expect(subtype(odooDoc(), journal)).toBe('standard');
    const company = mappings({ subtype: { '*': 'by-buyer', 'company:1': 'simplified' } });
    expect(subtype(odooDoc(), company)).toBe('simplified');
  });
});

describe('Odoo mapper: values', () => {
  it('refuses a missing number as a mapping problem naming the field (not a crash that stalls polling)', () => {
    const doc = odooDoc();
    doc.lines[1] = { ...doc.lines[1], price_subtotal: false };
    expect(problems(() => map(doc))).toEqual([
      {
        field: 'invoice_line_ids[1].price_subtotal',
        rule: 'expected a number from Odoo, got false',
      },
    ]);
  });
});
