import type { Buyer, Seller } from '../model/party';
import { attr, leaf, optionalLeaf, wrap } from './xml-lines';

type Address = Seller['address'] | NonNullable<Buyer['address']>;

/** cac:PostalAddress in XSD order (spec 1.7). */
function renderAddress(depth: number, a: Address): string {
  const d = depth + 1;
  return wrap(
    depth,
    'cac:PostalAddress',
    optionalLeaf(d, 'cbc:StreetName', a.street) +
      optionalLeaf(d, 'cbc:AdditionalStreetName', a.additionalStreet) +
      optionalLeaf(d, 'cbc:BuildingNumber', a.buildingNumber) +
      optionalLeaf(d, 'cbc:PlotIdentification', a.additionalNumber) +
      optionalLeaf(d, 'cbc:CitySubdivisionName', a.district) +
      optionalLeaf(d, 'cbc:CityName', a.city) +
      optionalLeaf(d, 'cbc:PostalZone', a.postalZone) +
      optionalLeaf(d, 'cbc:CountrySubentity', a.province) +
      wrap(d, 'cac:Country', leaf(d + 1, 'cbc:IdentificationCode', a.country)),
  );
}

function renderPartyIdentification(depth: number, id: { scheme: string; value: string }): string {
  return wrap(
    depth,
    'cac:PartyIdentification',
    leaf(depth + 1, 'cbc:ID', id.value, attr('schemeID', id.scheme)),
  );
}

function renderTaxScheme(depth: number, vatNumber: string): string {
  return wrap(
    depth,
    'cac:PartyTaxScheme',
    leaf(depth + 1, 'cbc:CompanyID', vatNumber) +
      wrap(depth + 1, 'cac:TaxScheme', leaf(depth + 2, 'cbc:ID', 'VAT')),
  );
}

function renderLegalEntity(depth: number, name: string): string {
  return wrap(depth, 'cac:PartyLegalEntity', leaf(depth + 1, 'cbc:RegistrationName', name));
}

export function renderSupplierParty(seller: Seller): string {
  const party =
    renderPartyIdentification(3, seller.id) +
    renderAddress(3, seller.address) +
    renderTaxScheme(3, seller.vatNumber) +
    renderLegalEntity(3, seller.name);
  return wrap(1, 'cac:AccountingSupplierParty', wrap(2, 'cac:Party', party));
}

/** An unknown simplified buyer leaves the (mandatory) element empty, as ZATCA's samples do. */
export function renderCustomerParty(buyer: Buyer | undefined): string {
  const party = buyer
    ? (buyer.id ? renderPartyIdentification(3, buyer.id) : '') +
      (buyer.address ? renderAddress(3, buyer.address) : '') +
      (buyer.vatNumber ? renderTaxScheme(3, buyer.vatNumber) : '') +
      (buyer.name ? renderLegalEntity(3, buyer.name) : '')
    : '';
  return party === ''
    ? wrap(1, 'cac:AccountingCustomerParty', '')
    : wrap(1, 'cac:AccountingCustomerParty', wrap(2, 'cac:Party', party));
}
