import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { parseCanonicalInvoice } from '../../../../src/core/model';
import { Dec } from '../../../../src/core/money';
import { computeInvoiceTotals } from '../../../../src/core/totals';
import { sdkPath } from '../../../support/sdk';
import { readFixture } from '../ubl/fixture-support';

// Rebuilds each SDK sample's lines, allowances and prepayments as a canonical invoice, runs the
// totals engine on it and compares every document total with what ZATCA's sample states.

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

function samplePaths(dir = sdkPath('Samples')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return samplePaths(path);
    return name.endsWith('.xml') ? [path] : [];
  });
}

const children = (el: Element, ns: string, name: string): Element[] =>
  Array.from(el.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name,
  );
const child = (el: Element, ns: string, name: string): Element | undefined =>
  children(el, ns, name)[0];
const cac = (el: Element, ...path: string[]): Element | undefined =>
  path.reduce<Element | undefined>((e, p) => (e ? child(e, CAC, p) : undefined), el);
const cbc = (el: Element | undefined, name: string): string | undefined =>
  el ? child(el, CBC, name)?.textContent?.trim() : undefined;

/** Exemption code and text of a category, read from the sample's own VAT breakdown. */
function exemptionOf(root: Element, code: string): Record<string, string> {
  for (const total of children(root, CAC, 'TaxTotal')) {
    for (const sub of children(total, CAC, 'TaxSubtotal')) {
      const tc = cac(sub, 'TaxCategory')!;
      if (cbc(tc, 'ID') === code && cbc(tc, 'TaxExemptionReasonCode')) {
        return {
          exemptionReasonCode: cbc(tc, 'TaxExemptionReasonCode')!,
          exemptionReason: cbc(tc, 'TaxExemptionReason')!,
        };
      }
    }
  }
  return {};
}

function taxCategory(root: Element, tc: Element) {
  const code = cbc(tc, 'ID')!;
  return { code, rate: new Dec(cbc(tc, 'Percent')!).toString(), ...exemptionOf(root, code) };
}

const money = (s: string | undefined) => new Dec(s!).toFixed(2);

/** The samples state no rate; it follows from the two VAT totals (the USD peg when VAT is 0). */
function impliedRate(sar: string, doc: string): string {
  return new Dec(doc).isZero() ? '3.75' : new Dec(sar).dividedBy(doc).toString();
}

function canonicalFromSample(root: Element) {
  const currency = cbc(root, 'DocumentCurrencyCode')!;
  const taxTotals = children(root, CAC, 'TaxTotal');
  const sarTotal = taxTotals.find((t) => !cac(t, 'TaxSubtotal'))!;
  const docTotal = taxTotals.find((t) => cac(t, 'TaxSubtotal'))!;
  const lines = [];
  const prepayments = [];
  for (const line of children(root, CAC, 'InvoiceLine')) {
    const ref = cac(line, 'DocumentReference');
    const tc = taxCategory(root, cac(line, 'Item', 'ClassifiedTaxCategory')!);
    if (ref) {
      const sub = cac(line, 'TaxTotal', 'TaxSubtotal')!;
      prepayments.push({
        id: cbc(ref, 'ID'),
        uuid: cbc(ref, 'UUID'),
        issuedAt: `${cbc(ref, 'IssueDate')}T${cbc(ref, 'IssueTime')}+03:00`,
        taxCategory: tc,
        taxableAmount: money(cbc(sub, 'TaxableAmount')),
        vatAmount: money(cbc(sub, 'TaxAmount')),
      });
    } else {
      const price = cac(line, 'Price')!;
      lines.push({
        name: cbc(cac(line, 'Item'), 'Name'),
        quantity: new Dec(cbc(line, 'InvoicedQuantity')!).toFixed(),
        unitPrice: new Dec(cbc(price, 'PriceAmount')!).toFixed(),
        ...(cbc(price, 'BaseQuantity') ? { baseQuantity: cbc(price, 'BaseQuantity') } : {}),
        taxCategory: tc,
      });
    }
  }
  const allowanceCharges = children(root, CAC, 'AllowanceCharge').map((ac) => {
    const charge = cbc(ac, 'ChargeIndicator') === 'true';
    return {
      kind: charge ? 'charge' : 'allowance',
      amount: money(cbc(ac, 'Amount')),
      reason: cbc(ac, 'AllowanceChargeReason') ?? 'discount',
      ...(charge ? { reasonCode: cbc(ac, 'AllowanceChargeReasonCode') } : {}),
      taxCategory: taxCategory(root, cac(ac, 'TaxCategory')!),
    };
  });
  const rounding = cbc(cac(root, 'LegalMonetaryTotal'), 'PayableRoundingAmount');
  return {
    ...(readFixture('standard-invoice') as object),
    expectedTotals: undefined,
    currency,
    ...(currency === 'SAR'
      ? {}
      : { exchangeRate: impliedRate(cbc(sarTotal, 'TaxAmount')!, cbc(docTotal, 'TaxAmount')!) }),
    lines,
    prepayments,
    allowanceCharges,
    ...(rounding && !new Dec(rounding).isZero() ? { payableRoundingAmount: money(rounding) } : {}),
  };
}

describe.each(samplePaths().map((p) => [relative(sdkPath(), p), p]))('SDK %s', (_name, path) => {
  const root = new DOMParser().parseFromString(
    readFileSync(path, 'utf8'),
    'text/xml',
  ).documentElement!;
  const totals = computeInvoiceTotals(parseCanonicalInvoice(canonicalFromSample(root)));
  const lmt = cac(root, 'LegalMonetaryTotal')!;

  it('has the same document totals', () => {
    const stated = (name: string) =>
      cbc(lmt, name) === undefined ? undefined : money(cbc(lmt, name));
    expect(totals.lineExtensionAmount.toFixed(2)).toBe(stated('LineExtensionAmount'));
    expect(totals.taxExclusiveAmount.toFixed(2)).toBe(stated('TaxExclusiveAmount'));
    expect(totals.taxInclusiveAmount.toFixed(2)).toBe(stated('TaxInclusiveAmount'));
    expect(totals.allowanceTotalAmount.toFixed(2)).toBe(stated('AllowanceTotalAmount') ?? '0.00');
    expect(totals.chargeTotalAmount.toFixed(2)).toBe(stated('ChargeTotalAmount') ?? '0.00');
    expect(totals.prepaidAmount.toFixed(2)).toBe(stated('PrepaidAmount') ?? '0.00');
    expect(totals.payableAmount.toFixed(2)).toBe(stated('PayableAmount'));
  });

  it('has the same VAT totals and breakdown', () => {
    const taxTotals = children(root, CAC, 'TaxTotal');
    const withBreakdown = taxTotals.find((t) => cac(t, 'TaxSubtotal'))!;
    const sarOnly = taxTotals.find((t) => !cac(t, 'TaxSubtotal'))!;
    expect(totals.taxAmount.toFixed(2)).toBe(money(cbc(withBreakdown, 'TaxAmount')));
    expect(totals.taxAmountSar.toFixed(2)).toBe(money(cbc(sarOnly, 'TaxAmount')));
    const breakdown = children(withBreakdown, CAC, 'TaxSubtotal').map((s) => [
      cbc(cac(s, 'TaxCategory'), 'ID'),
      money(cbc(s, 'TaxableAmount')),
      money(cbc(s, 'TaxAmount')),
    ]);
    expect(
      totals.subtotals.map((s) => [s.taxCategory.code, s.taxable.toFixed(2), s.vat.toFixed(2)]),
    ).toEqual(breakdown);
  });

  it('has the same line net amounts', () => {
    const stated = children(root, CAC, 'InvoiceLine')
      .filter((l) => !cac(l, 'DocumentReference'))
      .map((l) => money(cbc(l, 'LineExtensionAmount')));
    expect(totals.lines.map((l) => l.net.toFixed(2))).toEqual(stated);
  });
});
