/**
 * Mapping settings of one connection, stored per (kind, erpKey) in `connector_mappings` and
 * editable through the API. Connectors read them through this shape.
 */
export const MAPPING_KINDS = [
  'tax',
  'unit',
  'payment-terms',
  'uom',
  'buyer-field',
  'subtype',
] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/**
 * ERP tax id → ZATCA VAT category, or `{ignore: true}` for a tax that is not VAT and adds no
 * amount (so a line may carry it next to its one VAT tax).
 */
export interface TaxMapping {
  category?: 'S' | 'Z' | 'E' | 'O';
  rate?: string;
  exemptionReasonCode?: string;
  exemptionReason?: string;
  ignore?: true;
}

/** ERP journal / branch / store key (e.g. `journal:1`, `company:1`, `*`) → EGS unit. */
export interface UnitMapping {
  unitId: string;
}

/** ERP payment terms id → UNTDID 4461 payment means code. */
export interface PaymentTermsMapping {
  code: '1' | '10' | '30' | '42' | '48';
}

/** ERP unit of measure name → UN/ECE rec 20 unit code. */
export interface UomMapping {
  unitCode: string;
}

/** Buyer data (`buildingNumber`, `district`, `additionalNumber`, `idScheme`, `idNumber`) → ERP field. */
export interface BuyerFieldMapping {
  erpField: string;
}

export const BUYER_FIELDS = [
  'buildingNumber',
  'district',
  'additionalNumber',
  'idScheme',
  'idNumber',
] as const;
export type BuyerField = (typeof BUYER_FIELDS)[number];

/**
 * Standard (B2B, cleared) or simplified (B2C, reported), per journal (`journal:<id>`) or for
 * every journal (`*`): always one of them, or `by-buyer` (the default rule, docs/connectors.md).
 */
export interface SubtypeMapping {
  subtype: 'standard' | 'simplified' | 'by-buyer';
}

export interface CanonicalMappings {
  tax: ReadonlyMap<string, TaxMapping>;
  unit: ReadonlyMap<string, UnitMapping>;
  paymentTerms: ReadonlyMap<string, PaymentTermsMapping>;
  uom: ReadonlyMap<string, UomMapping>;
  buyerField: ReadonlyMap<string, BuyerFieldMapping>;
  subtype: ReadonlyMap<string, SubtypeMapping>;
}
