import { type CsrFieldName, type CsrFields, findFieldProblems } from '../../core/csr';
import type { CompanyEntity } from '../entities/company.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import type { FieldProblem } from '../egs-errors';

type UnitCsrSource = Pick<
  EgsUnitEntity,
  'name' | 'serialNumber' | 'branchName' | 'locationAddress' | 'businessCategory' | 'invoiceTypes'
>;

/** The CSR a unit asks ZATCA for, from its own and its company's data (spec 5.2-5.3). */
export function unitCsrFields(unit: UnitCsrSource, company: CompanyEntity): CsrFields {
  return {
    commonName: unit.name,
    serialNumber: unit.serialNumber,
    vatNumber: company.vatNumber,
    // A VAT group member is told apart by its TIN in OU (spec 5.2); others by branch.
    organizationUnit: company.vatGroupMemberTin ?? unit.branchName,
    organization: company.nameEn,
    country: company.country,
    invoiceType: unit.invoiceTypes,
    locationAddress: unit.locationAddress,
    businessCategory: unit.businessCategory,
  };
}

/** Which input field a CSR field comes from, so an error names what the user typed. */
const SOURCE_FIELD: Record<CsrFieldName, (company: CompanyEntity) => string> = {
  commonName: () => 'name',
  serialNumber: () => 'serialNumber',
  vatNumber: () => 'company.vatNumber',
  organizationUnit: (c) => (c.vatGroupMemberTin ? 'company.vatGroupMemberTin' : 'branchName'),
  organization: () => 'company.nameEn',
  country: () => 'company.address.country',
  invoiceType: () => 'invoiceTypes',
  locationAddress: () => 'locationAddress',
  businessCategory: () => 'businessCategory',
};

const CSR_NAME: Record<CsrFieldName, string> = {
  commonName: 'common name (CN)',
  serialNumber: 'serial number (SN)',
  vatNumber: 'VAT number (UID)',
  organizationUnit: 'organization unit (OU)',
  organization: 'organization name (O)',
  country: 'country (C)',
  invoiceType: 'invoice type (title)',
  locationAddress: 'location (registeredAddress)',
  businessCategory: 'business category',
};

/** ZATCA's CSR rules (64 characters, formats) as problems on the input fields. */
export function unitCsrProblems(unit: UnitCsrSource, company: CompanyEntity): FieldProblem[] {
  return findFieldProblems(unitCsrFields(unit, company)).map(({ field, rule }) => ({
    field: SOURCE_FIELD[field](company),
    rule: `${rule} (it goes into the CSR ${CSR_NAME[field]})`,
  }));
}
