import { createHash } from 'node:crypto';

/** prev_hash of a stream's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of one entry, as stored. */
export interface HashedFields {
  stream: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  dataJson: string;
  prevHash: string;
}

/**
 * SHA-256 (hex) over a JSON array of the fields in a fixed order. A JSON array of strings and one
 * integer has exactly one serialisation, and no field can bleed into the next (unlike joining).
 */
export function auditEntryHash(f: HashedFields): string {
  const canonical = JSON.stringify([
    f.stream,
    f.seq,
    f.at,
    f.actor,
    f.action,
    f.subjectType,
    f.subjectId,
    f.dataJson,
    f.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** JSON with object keys sorted, so equal data always gives the same text (and hash). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      sorted[key] = (inner as Record<string, unknown>)[key];
    }
    return sorted;
  });
}
