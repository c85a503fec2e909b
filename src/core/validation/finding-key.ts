import type { Finding } from './stage-result';

/**
 * Identity of a finding for comparing two rule engines verdict by verdict (the schematron run
 * here against a future TypeScript port): same stage, rule, severity and location means the
 * same verdict, whatever the message wording. Locations are XPaths with UBL prefixes and 1-based
 * positions on every step, e.g. /ubl:Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1].
 */
export function findingKey(f: Finding): string {
  return [f.stage, f.code, f.severity, f.location ?? ''].join('|');
}
