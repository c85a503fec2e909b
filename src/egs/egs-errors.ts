import type { FatooraMessage } from '../fatoora/fatoora-result';
import type { EgsStepName } from './onboarding/onboarding-state';

export interface FieldProblem {
  /** The input field, dotted for nested ones (`address.postalZone`). */
  field: string;
  rule: string;
}

/** Bad input: every field and the rule it breaks (HTTP 400). */
export class EgsInputError extends Error {
  override readonly name = 'EgsInputError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
  }
}

/** No such company or unit (HTTP 404). */
export class EgsNotFoundError extends Error {
  override readonly name = 'EgsNotFoundError';
}

/** The request contradicts the unit's state: already onboarded, name taken... (HTTP 409). */
export class EgsConflictError extends Error {
  override readonly name = 'EgsConflictError';
}

/**
 * An onboarding or renewal step failed. Says which step, what ZATCA answered and what to do;
 * everything done before it is kept, so the rerun continues from here.
 */
export class EgsStepFailedError extends Error {
  override readonly name = 'EgsStepFailedError';
  constructor(
    readonly unitId: string,
    readonly step: EgsStepName,
    readonly zatcaMessages: readonly FatooraMessage[],
    readonly hint: string,
    summary: string,
  ) {
    super(
      `${step} failed: ${summary}` +
        (zatcaMessages.length > 0
          ? ` (ZATCA: ${zatcaMessages.map((m) => `${m.code}: ${m.message}`).join('; ')})`
          : '') +
        `. ${hint}`,
    );
  }
}
