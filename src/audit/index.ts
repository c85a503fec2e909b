export type { AuditInput, AuditRecord } from './audit-entry';
export { AuditModule } from './audit.module';
export { AuditTrail } from './audit-trail.service';
export type { AuditProblem, AuditVerification } from './audit-verify';
export { isSecretKey, redactSecrets, REDACTED } from './audit-redaction';
export { auditEntryHash, GENESIS_HASH } from './audit-hash';
