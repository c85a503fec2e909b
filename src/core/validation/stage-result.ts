/** The validation stages, in the order ZATCA's SDK runs them (spec 7.1). */
export const STAGES = ['xsd', 'en16931', 'ksa', 'qr', 'signature', 'pih'] as const;
export type StageName = (typeof STAGES)[number];

export type Severity = 'error' | 'warning';

/** One rule verdict: a schematron assert, a schema error, a crypto check. */
export interface Finding {
  stage: StageName;
  /** Rule id as ZATCA names it where one exists (BR-KSA-37, XSD_ZATCA_INVALID, invalid-invoice-hash, ...). */
  code: string;
  severity: Severity;
  message: string;
  /** XPath or line where known. */
  location?: string;
}

/** A stage passes when it has no error findings; warnings do not fail it. */
export interface StageResult {
  stage: StageName;
  passed: boolean;
  findings: Finding[];
  /**
   * Set when the stage did not run (no implementation available), with the reason. Such a
   * stage is not passed: nothing was proven.
   */
  skipped?: string;
}

export function stageResult(stage: StageName, findings: Finding[]): StageResult {
  return { stage, passed: !findings.some((f) => f.severity === 'error'), findings };
}

export function skippedStage(stage: StageName, reason: string): StageResult {
  return { stage, passed: false, findings: [], skipped: reason };
}
