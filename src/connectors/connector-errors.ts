/** One problem with mapping an ERP record: the ERP field and the rule it breaks. */
export interface MappingProblem {
  field: string;
  rule: string;
}

/** The record cannot become a canonical invoice; the ERP and the status API show why. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(readonly problems: MappingProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
  }
}

/** The connection must not run (credentials refused, a competing submitter...). */
export class ConnectorRefusedError extends Error {
  override readonly name = 'ConnectorRefusedError';
}

/** Bad connection settings: names the setting. */
export class ConnectorSettingsError extends Error {
  override readonly name = 'ConnectorSettingsError';
  constructor(readonly errors: MappingProblem[]) {
    super(errors.map((p) => `${p.field}: ${p.rule}`).join('; '));
  }
}

/**
 * The record is gone from the ERP (deleted): nothing can be written into it, now or later, so
 * its write-back is abandoned instead of retried. The invoice's result stays with the host.
 */
export class ErpRecordGoneError extends Error {
  override readonly name = 'ErpRecordGoneError';
}

/** The ERP could not be reached or answered garbage: retry later. */
export class ErpUnavailableError extends Error {
  override readonly name = 'ErpUnavailableError';
}
