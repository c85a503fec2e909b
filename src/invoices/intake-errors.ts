/** One problem with a submitted invoice: which field, and which rule it breaks. */
export interface FieldError {
  field: string;
  rule: string;
}

/** The request or the invoice is invalid: nothing was consumed (no ICV, no queue row). */
export class InvalidInvoiceError extends Error {
  override readonly name = 'InvalidInvoiceError';
  constructor(readonly errors: FieldError[]) {
    super(`invalid invoice: ${errors.map((e) => `${e.field}: ${e.rule}`).join('; ')}`);
  }
}

/** The request is valid but cannot be taken now (unit cannot sign, conflicting UUID, ...). */
export class IntakeConflictError extends Error {
  override readonly name = 'IntakeConflictError';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.rule}`).join('; '));
  }
}
