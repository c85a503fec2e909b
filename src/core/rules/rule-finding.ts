import type { Finding, Severity, StageName } from '../validation/stage-result';

/** A schematron verdict reproduced in TypeScript, with the canonical field it concerns. */
export interface RuleFinding extends Finding {
  stage: Extract<StageName, 'en16931' | 'ksa'>;
  /** Canonical-model path to fix, e.g. `issuedAt`, `billingReferences[0].issueDate`. */
  field: string;
}

/** One rule as the XSL states it: id, flag and message (without the "[id]-" prefix). */
export interface RuleText {
  stage: RuleFinding['stage'];
  code: string;
  severity: Severity;
  message: string;
}

export function finding(rule: RuleText, field: string, location?: string): RuleFinding {
  return { ...rule, field, location };
}
