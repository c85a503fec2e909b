/**
 * What callers append to the audit trail. The trail is append-only and hash-chained per stream
 * (see audit-trail.service.ts); `data` is redacted before it is stored and hashed.
 */
export interface AuditInput {
  /**
   * The hash chain this entry joins. One stream per EGS unit (`egs:<unitId>`) keeps the chain's
   * writers, who already hold that unit's lock, from contending with other units; `system` for
   * the rest (operator actions on settings, jobs).
   */
  stream: string;
  /** What happened, dotted lower-case: `invoice.signed`, `egs.onboarding.step-failed`, ... */
  action: string;
  /** Who: `system`, `operator:<name>`, `connector:<id>`, `job:<name>`. */
  actor: string;
  subjectType: string;
  subjectId: string;
  /** Details; secrets (keys named secret, password, otp, privateKey, authorization, token) are removed. */
  data?: Record<string, unknown>;
}

/** A stored entry, as `zatca audit verify` and the status API read it. */
export interface AuditRecord extends Required<Omit<AuditInput, 'data'>> {
  id: string;
  seq: number;
  /** ISO-8601 UTC with milliseconds. */
  at: string;
  /** The redacted data, exactly as hashed (JSON text). */
  dataJson: string;
  prevHash: string;
  hash: string;
}
