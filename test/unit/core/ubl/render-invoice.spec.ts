import { parseCanonicalInvoice } from '../../../../src/core/model';
import { computeInvoiceTotals } from '../../../../src/core/totals';
import { INITIAL_PIH, renderInvoice } from '../../../../src/core/ubl';
import { readFixture, renderFixture } from './fixture-support';

/** Text of every element `name` in document order (the renderer writes no nested same names). */
const all = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
const first = (xml: string, name: string): string | undefined => all(xml, name)[0];

/** Top-level element names of the invoice, in order. */
const topLevel = (xml: string): string[] =>
  [...xml.matchAll(/\n {4}<([a-z]+:\w+)/g)].map((m) => m[1]);

describe('renderInvoice', () => {
  it('writes the header in XSD order with the Saudi issue date and time', () => {
    const { unsigned } = renderFixture('standard-invoice', 42);
    const order = topLevel(unsigned.xml).filter((n, i, a) => a.indexOf(n) === i);
    expect(order).toEqual([
      'cbc:ProfileID',
      'cbc:ID',
      'cbc:UUID',
      'cbc:IssueDate',
      'cbc:IssueTime',
      'cbc:InvoiceTypeCode',
      'cbc:Note',
      'cbc:DocumentCurrencyCode',
      'cbc:TaxCurrencyCode',
      'cac:OrderReference',
      'cac:ContractDocumentReference',
      'cac:AdditionalDocumentReference',
      'cac:AccountingSupplierParty',
      'cac:AccountingCustomerParty',
      'cac:Delivery',
      'cac:PaymentMeans',
      'cac:TaxTotal',
      'cac:LegalMonetaryTotal',
      'cac:InvoiceLine',
    ]);
    // issuedAt 2024-03-10T21:30:00Z is 00:30 the next day in Riyadh
    expect(first(unsigned.xml, 'cbc:IssueDate')).toBe('2024-03-11');
    expect(first(unsigned.xml, 'cbc:IssueTime')).toBe('00:30:00');
    expect(unsigned.qrFields?.timestamp).toBe('2024-03-11T00:30:00');
    expect(unsigned.xml).toContain('<cbc:InvoiceTypeCode name="0100000">388</cbc:InvoiceTypeCode>');
    expect(unsigned.xml).toContain('<cbc:ID>ICV</cbc:ID>\n        <cbc:UUID>42</cbc:UUID>');
    expect(unsigned.xml).toContain(
      `<cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain">${INITIAL_PIH}<`,
    );
  });

  it('puts the SAR-only TaxTotal first, then the breakdown, and QR fields from the document', () => {
    const { unsigned } = renderFixture('foreign-currency-prepayment');
    expect(all(unsigned.xml, 'cbc:TaxAmount').slice(0, 2)).toEqual(['1068.75', '285.00']);
    expect(unsigned.xml).toMatch(/<cac:TaxTotal>\n {8}<cbc:TaxAmount currencyID="SAR">1068.75</);
    expect(unsigned.xml).toContain(
      '<cac:TaxExchangeRate>\n        <cbc:SourceCurrencyCode>USD</cbc:SourceCurrencyCode>\n        <cbc:TargetCurrencyCode>SAR</cbc:TargetCurrencyCode>\n        <cbc:CalculationRate>3.75</cbc:CalculationRate>\n    </cac:TaxExchangeRate>',
    );
    expect(unsigned.qrFields).toEqual({
      sellerName: 'شركة توريد التكنولوجيا بأقصى سرعة المحدودة | Maximum Speed Tech Supply LTD',
      vatNumber: '399999999900003',
      timestamp: '2024-03-11T00:30:00',
      totalWithVat: first(unsigned.xml, 'cbc:PayableAmount'),
      vatTotal: '1068.75',
      simplified: false,
    });
    // Every other currencyID is the document currency (BR-KSA-CL-02).
    const currencies = [...unsigned.xml.matchAll(/currencyID="(\w+)"/g)].map((m) => m[1]);
    expect(currencies.filter((c) => c === 'SAR')).toHaveLength(1);
  });

  it('renders prepayment deduction lines with the 386 reference in Saudi time', () => {
    const { unsigned } = renderFixture('final-invoice-with-prepayment');
    const line = unsigned.xml.slice(unsigned.xml.lastIndexOf('<cac:InvoiceLine>'));
    expect(first(line, 'cbc:ID')).toBe('2');
    expect(first(line, 'cbc:InvoicedQuantity')).toBe('0.00');
    expect(line).toContain(
      '<cac:DocumentReference>\n            <cbc:ID>46531</cbc:ID>\n            <cbc:UUID>a79760f7-2f48-4da9-85a5-40459a147c80</cbc:UUID>\n            <cbc:IssueDate>2022-08-15</cbc:IssueDate>\n            <cbc:IssueTime>12:28:17</cbc:IssueTime>\n            <cbc:DocumentTypeCode>386</cbc:DocumentTypeCode>',
    );
    expect(all(line, 'cbc:TaxableAmount')).toEqual(['1000.00']);
    expect(first(unsigned.xml, 'cbc:PrepaidAmount')).toBe('1150.00');
    expect(first(unsigned.xml, 'cbc:PayableAmount')).toBe('1035.00');
  });

  it('puts the note reason in every PaymentMeans and lists every billing reference', () => {
    const { unsigned } = renderFixture('simplified-credit-note');
    expect(all(unsigned.xml, 'cbc:PaymentMeansCode')).toEqual(['10', '48']);
    expect(all(unsigned.xml, 'cbc:InstructionNote')).toHaveLength(2);
    const credit = renderFixture('standard-credit-note').unsigned.xml;
    expect(credit).toContain(
      '<cac:BillingReference>\n        <cac:InvoiceDocumentReference>\n            <cbc:ID>INV-0001</cbc:ID>\n            <cbc:IssueDate>2024-03-01</cbc:IssueDate>',
    );
    expect(all(credit, 'cbc:ID')).toContain('INV-0002');
    // A debit note without payment data still carries the reason (code 1, instrument not defined).
    const debit = renderFixture('standard-debit-note').unsigned.xml;
    expect(debit).toContain(
      '<cac:PaymentMeans>\n        <cbc:PaymentMeansCode>1</cbc:PaymentMeansCode>\n        <cbc:InstructionNote>Price amendment | تعديل السعر</cbc:InstructionNote>',
    );
    expect(first(debit, 'cbc:InvoiceTypeCode')).toBe('383');
  });

  it('leaves the customer party empty for an unknown simplified buyer', () => {
    const { unsigned } = renderFixture('simplified-invoice');
    expect(unsigned.xml).toContain(
      '<cac:AccountingCustomerParty>\n    </cac:AccountingCustomerParty>',
    );
    expect(unsigned.xml).not.toContain('<cac:Delivery>');
    expect(unsigned.xml).toContain('name="0200000"');
  });

  it('writes exemption codes and texts in the breakdown only', () => {
    const { unsigned } = renderFixture('export-invoice');
    expect(all(unsigned.xml, 'cbc:TaxExemptionReasonCode')).toEqual(['VATEX-SA-32']);
    expect(all(unsigned.xml, 'cbc:TaxExemptionReason')).toEqual(['Export of goods']);
    expect(unsigned.xml).toContain('name="0100100"');
    expect(unsigned.xml).not.toContain(
      '<cac:PartyTaxScheme>\n                <cbc:CompanyID>3999999998',
    );
  });

  it('renders allowances, charges, base quantity and gross price', () => {
    const { unsigned } = renderFixture('allowances-and-charges');
    expect(unsigned.xml).toContain(
      '<cac:AllowanceCharge>\n        <cbc:ChargeIndicator>false</cbc:ChargeIndicator>\n        <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>\n        <cbc:AllowanceChargeReason>Loyalty discount</cbc:AllowanceChargeReason>\n        <cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>\n        <cbc:Amount currencyID="SAR">20.00</cbc:Amount>\n        <cbc:BaseAmount currencyID="SAR">200.00</cbc:BaseAmount>\n        <cac:TaxCategory>',
    );
    expect(unsigned.xml).toContain(
      '<cac:Price>\n            <cbc:PriceAmount currencyID="SAR">12.125</cbc:PriceAmount>\n            <cbc:BaseQuantity unitCode="BX">5</cbc:BaseQuantity>\n            <cac:AllowanceCharge>\n                <cbc:ChargeIndicator>false</cbc:ChargeIndicator>\n                <cbc:Amount currencyID="SAR">0.875</cbc:Amount>\n                <cbc:BaseAmount currencyID="SAR">13.00</cbc:BaseAmount>',
    );
    expect(first(unsigned.xml, 'cbc:ChargeTotalAmount')).toBe('25.00');
  });

  it('escapes markup characters the way C14N does', () => {
    const { unsigned } = renderFixture('special-characters');
    expect(unsigned.xml).toContain('Tom &amp; Jerry &lt;Trading&gt; "Co" | توم وجيري');
    expect(unsigned.xml).toContain('<cbc:Note>Line one\nLine two</cbc:Note>');
    expect(unsigned.qrFields?.sellerName).toBe('Tom & Jerry <Trading> "Co" | توم وجيري');
  });

  it('refuses a bad ICV or PIH', () => {
    const invoice = parseCanonicalInvoice(readFixture('simplified-invoice'));
    const totals = computeInvoiceTotals(invoice);
    expect(() => renderInvoice(invoice, totals, { icv: 0, pih: INITIAL_PIH })).toThrow(
      'ICV must be a positive whole number, got "0" (BR-KSA-34)',
    );
    expect(() => renderInvoice(invoice, totals, { icv: 1, pih: 'not base64!' })).toThrow(
      /BR-KSA-26/,
    );
  });

  it('renders a 100-line invoice quickly', () => {
    const raw = readFixture('simplified-invoice') as { lines: unknown[] };
    raw.lines = Array.from({ length: 100 }, (_, i) => ({
      name: `Item ${i} | صنف`,
      quantity: String(i + 1),
      unitPrice: '3.333',
      taxCategory: { code: 'S', rate: '15' },
    }));
    const invoice = parseCanonicalInvoice(raw);
    const totals = computeInvoiceTotals(invoice);
    const rounds = 200;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++)
      renderInvoice(invoice, totals, { icv: i + 1, pih: INITIAL_PIH });
    const microsPerRender = Number(process.hrtime.bigint() - start) / 1000 / rounds;
    // Target ~70 us on a quiet machine; the bound is loose because CI machines are shared.
    expect(microsPerRender).toBeLessThan(2000);
  });
});
