/** Step names ZATCA reports in Missing-ComplianceSteps (spec 7.3), in ZATCA's order. */
export const STANDARD_STEPS = [
  'standard-compliant',
  'standard-credit-note-compliant',
  'standard-debit-note-compliant',
] as const;
export const SIMPLIFIED_STEPS = [
  'simplified-compliant',
  'simplified-credit-note-compliant',
  'simplified-debit-note-compliant',
] as const;

/** Steps a CSR title (TSCZ map) asks for: T → standard three, S → simplified three. */
export function requiredSteps(invoiceType: string): string[] {
  const steps: string[] = [];
  if (invoiceType[0] === '1') steps.push(...STANDARD_STEPS);
  if (invoiceType[1] === '1') steps.push(...SIMPLIFIED_STEPS);
  return steps;
}

/** The step a document passes: subtype from InvoiceTypeCode/@name, kind from the code (spec 1.2). */
export function stepOf(typeCode: string, typeName: string): string | undefined {
  const family = typeName.startsWith('01')
    ? 'standard'
    : typeName.startsWith('02')
      ? 'simplified'
      : undefined;
  if (!family) return undefined;
  if (typeCode === '388' || typeCode === '386') return `${family}-compliant`;
  if (typeCode === '381') return `${family}-credit-note-compliant`;
  if (typeCode === '383') return `${family}-debit-note-compliant`;
  return undefined;
}

export function missingSteps(invoiceType: string, passed: readonly string[]): string[] {
  return requiredSteps(invoiceType).filter((s) => !passed.includes(s));
}
