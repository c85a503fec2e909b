/**
 * Where an invoice is. `pending`: signed and queued (first attempt, or waiting for a retry);
 * `cleared` / `reported`: done (zatca_status says PASS, WARNING or DUPLICATE); `dead-letter`:
 * retrying cannot help (dead_reason says why); `superseded`: a dead letter replaced by a
 * corrected document.
 */
export const INVOICE_STATES = [
  'pending',
  'cleared',
  'reported',
  'dead-letter',
  'superseded',
] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

export const FINAL_STATES: readonly InvoiceState[] = ['cleared', 'reported'];

/** Which Fatoora endpoint: clearance for standard documents, reporting for simplified ones. */
export type SubmissionRoute = 'clearance' | 'reporting';

export type ZatcaStatus = 'PASS' | 'WARNING' | 'DUPLICATE';
