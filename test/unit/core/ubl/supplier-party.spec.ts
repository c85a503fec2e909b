import { computeInvoiceTotals } from '../../../../src/core/totals';
import { INITIAL_PIH, renderInvoice } from '../../../../src/core/ubl';
import { renderSupplierParty } from '../../../../src/core/ubl/render-parties';
import { supplierParty } from '../../../../src/core/ubl/supplier-party';
import { renderFixture } from './fixture-support';

// The last seller's element is kept between invoices; it must never outlive a change of values.

test('an equal seller (another object) reuses the element; text and bytes match a fresh render', () => {
  const { invoice } = renderFixture('simplified-invoice');
  const first = supplierParty(invoice.seller);
  const again = supplierParty(structuredClone(invoice.seller));
  expect(again).toBe(first);
  expect(again.text).toBe(renderSupplierParty(invoice.seller));
  expect(again.utf8.equals(Buffer.from(again.text, 'utf8'))).toBe(true);
});

test('a seller mutated in place after rendering is rendered again, and so is its hash', () => {
  const { invoice, unsigned } = renderFixture('simplified-invoice');
  invoice.seller.address.city = 'جدة';
  invoice.seller.address.province = undefined;
  const again = renderInvoice(invoice, computeInvoiceTotals(invoice), { icv: 7, pih: INITIAL_PIH });
  expect(again.xml).toContain('<cbc:CityName>جدة</cbc:CityName>');
  expect(again.xml).not.toContain('<cbc:CountrySubentity>');
  expect(Buffer.from(again.hash!).equals(Buffer.from(unsigned.hash!))).toBe(false);
  const other = renderFixture('standard-invoice');
  expect(other.unsigned.xml).toContain(renderSupplierParty(other.invoice.seller));
});
