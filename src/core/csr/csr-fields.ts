/**
 * The values an EGS unit puts in its CSR (spec 5.2-5.3), named for what they mean. Where each
 * goes: subject C/OU/O/CN, and the SAN directoryName SN/UID/title/registeredAddress/
 * businessCategory.
 */
export interface CsrFields {
  /** Subject CN: unique name of the EGS unit chosen by the taxpayer. */
  commonName: string;
  /** SAN SN (2.5.4.4): `1-<solution name>|2-<model or version>|3-<serial number>`. */
  serialNumber: string;
  /** SAN UID: the seller's 15-digit VAT registration number. */
  vatNumber: string;
  /** Subject OU: branch name, or the member's 10-digit TIN for a VAT group. */
  organizationUnit: string;
  /** Subject O: taxpayer name. */
  organization: string;
  /** Subject C: ISO 3166 alpha-2 country code. */
  country: string;
  /** SAN title: the 4-digit invoice-type map TSCZ (standard, simplified, 2 reserved zeros). */
  invoiceType: string;
  /** SAN registeredAddress: branch or device location (preferably the national short address). */
  locationAddress: string;
  /** SAN businessCategory: industry or sector. */
  businessCategory: string;
}

export type CsrFieldName = keyof CsrFields;

/** Fixed order used when reporting problems, the order of the SDK's config template. */
export const CSR_FIELD_NAMES: readonly CsrFieldName[] = [
  'commonName',
  'serialNumber',
  'vatNumber',
  'organizationUnit',
  'organization',
  'country',
  'invoiceType',
  'locationAddress',
  'businessCategory',
];
