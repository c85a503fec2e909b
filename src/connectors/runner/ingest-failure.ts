import { IntakeConflictError } from '../../invoices/intake-errors';
import type { MappingProblem } from '../connector-errors';

/** How many records in state `ingest-failed` one poll tries again, oldest first. */
export const RETRIES_PER_POLL = 20;

const RETRIED = 'tried again at each poll';
/** Kept texts stay readable in the status API; an ERP's traceback is not needed there. */
const MAX_MESSAGE = 1000;

/**
 * What the status API shows for a record that could not be taken (state `ingest-failed`), in
 * the [{field, rule}] shape of mapping problems. An IntakeConflictError (the unit cannot sign
 * now...) keeps the fields it names; any other error is the record's. `scrub` removes secrets.
 */
export function ingestFailureProblems(
  err: unknown,
  scrub: (text: string) => string,
): MappingProblem[] {
  if (err instanceof IntakeConflictError && err.errors.length > 0) {
    return err.errors.map((e) => ({
      field: e.field,
      rule: `could not be taken now: ${clip(scrub(e.rule))}; ${RETRIED}`,
    }));
  }
  return [
    { field: 'record', rule: `could not be taken: ${clip(scrub(errorText(err)))}; ${RETRIED}` },
  ];
}

/** The message; JavaScript's own error kinds (a bug: TypeError...) say which they are. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return BUILT_IN.test(err.name) ? `${err.name}: ${err.message}` : err.message;
}

const BUILT_IN = /^(Type|Range|Reference|Syntax|Eval|URI)Error$/;

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
