import type { CompanyEntity } from '../entities/company.entity';
import type { EgsStepEntity } from '../entities/egs-step.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { familiesOf } from '../units/unit-input';

/** What the API and CLI show of a company (the input shape, plus id and date). */
export function companyView(c: CompanyEntity) {
  return {
    id: c.id,
    vatNumber: c.vatNumber,
    otherId: { scheme: c.otherIdScheme, value: c.otherIdValue },
    nameAr: c.nameAr,
    nameEn: c.nameEn,
    vatGroupMemberTin: c.vatGroupMemberTin ?? undefined,
    address: {
      street: c.street,
      additionalStreet: c.additionalStreet ?? undefined,
      buildingNumber: c.buildingNumber,
      additionalNumber: c.additionalNumber ?? undefined,
      district: c.district,
      city: c.city,
      postalZone: c.postalZone,
      province: c.province ?? undefined,
      country: c.country,
    },
    createdAt: c.createdAt.toISOString(),
  };
}

/** A unit without anything secret (keys and CSID secrets live in other tables). */
export function unitView(u: EgsUnitEntity) {
  return {
    id: u.id,
    companyId: u.companyId,
    name: u.name,
    serialNumber: u.serialNumber,
    branchName: u.branchName,
    locationAddress: u.locationAddress,
    businessCategory: u.businessCategory,
    invoiceTypes: familiesOf(u.invoiceTypes),
    environment: u.environment,
    fatooraHost: u.fatooraHost ?? undefined,
    onboardingState: u.onboardingState,
    createdAt: u.createdAt.toISOString(),
  };
}

export function stepView(s: EgsStepEntity) {
  return {
    at: s.at.toISOString(),
    flow: s.flow,
    step: s.step,
    outcome: s.outcome,
    documentType: s.documentType ?? undefined,
    messages: JSON.parse(s.messagesJson) as unknown[],
    detail: s.detail ?? undefined,
  };
}
