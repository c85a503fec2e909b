import { randomUUID } from 'node:crypto';
import type { CanonicalInvoiceInput } from '../../core/model';
import type { CompanyEntity } from '../entities/company.entity';
import { familiesOf, type DocumentFamily } from '../units/unit-input';

export const SAMPLE_KINDS = ['invoice', 'credit-note', 'debit-note'] as const;
type SampleKind = (typeof SAMPLE_KINDS)[number];

/** `standard-invoice`, `simplified-credit-note`, ...: one compliance step each (spec 7.3). */
export type SampleType = `${DocumentFamily}-${SampleKind}`;

/** The document types ZATCA checks for a unit's TSCZ map: three per declared family. */
export function sampleTypesFor(invoiceTypes: string): SampleType[] {
  return familiesOf(invoiceTypes).flatMap((family) =>
    SAMPLE_KINDS.map((kind): SampleType => `${family}-${kind}`),
  );
}

// Any valid buyer will do for a standard sample (spec 7.3: other content may be dummy).
const SAMPLE_BUYERS = ['399999999800003', '310000000000003'];

/**
 * A compliance sample from the company's real identity (the VAT number must be the CSR's).
 * Notes reference the family's sample invoice, as a real note would.
 */
export function sampleDocument(
  type: SampleType,
  company: CompanyEntity,
  issuedAt: Date,
): CanonicalInvoiceInput {
  const [family, ...rest] = type.split('-') as [DocumentFamily, ...string[]];
  const kind = rest.join('-') as SampleKind;
  const invoiceId = `COMPLIANCE-${family.toUpperCase()}-INV`;
  const buyerVat = SAMPLE_BUYERS.find((vat) => vat !== company.vatNumber)!;
  const document: CanonicalInvoiceInput = {
    id: kind === 'invoice' ? invoiceId : `COMPLIANCE-${family.toUpperCase()}-${kind.toUpperCase()}`,
    uuid: randomUUID(),
    issuedAt: issuedAt.toISOString(),
    kind,
    subtype: family,
    seller: {
      name: company.nameAr,
      vatNumber: company.vatNumber,
      id: { scheme: company.otherIdScheme as 'CRN', value: company.otherIdValue },
      address: {
        street: company.street,
        ...(company.additionalStreet ? { additionalStreet: company.additionalStreet } : {}),
        buildingNumber: company.buildingNumber,
        ...(company.additionalNumber ? { additionalNumber: company.additionalNumber } : {}),
        district: company.district,
        city: company.city,
        postalZone: company.postalZone,
        ...(company.province ? { province: company.province } : {}),
        country: company.country,
      },
    },
    paymentMeans: [{ code: '10' }],
    lines: [
      {
        name: 'Compliance sample item | صنف عينة',
        quantity: '1',
        unitPrice: '100.00',
        taxCategory: { code: 'S', rate: '15' },
      },
    ],
  };
  if (family === 'standard') {
    document.supplyDate = issuedAt.toISOString().slice(0, 10);
    document.buyer = {
      name: 'Compliance Sample Buyer | مشتري العينة',
      vatNumber: buyerVat,
      address: {
        street: 'King Fahd Road | طريق الملك فهد',
        buildingNumber: '1111',
        district: 'Al-Olaya | العليا',
        city: 'Riyadh | الرياض',
        postalZone: '12222',
        country: 'SA',
      },
    };
  }
  if (kind !== 'invoice') {
    document.billingReferences = [{ id: invoiceId }];
    document.noteReason = kind === 'credit-note' ? 'Returned goods' : 'Price amendment';
  }
  return document;
}
