import type { WriteBackOutcome } from '../connector';
import type { ConnectorRecordEntity } from '../entities/connector-record.entity';

/**
 * The ERP versions at which the host knows what the record holds: the one it last read
 * (submitted or refused) and the one right after its own last write-back. Any other version
 * is an ERP change the host has not read yet.
 */
export function knownVersions(record: ConnectorRecordEntity | null): string[] {
  return [record?.erpVersion, record?.writtenVersion].filter((v): v is string => !!v);
}

/**
 * The version to keep as our own echo after a write-back, or null to keep none: only when the
 * record was at a known version just before our write. Had the ERP changed it in between, the
 * version after our write holds that change too, and taking it for our own would hide it from
 * the next poll.
 */
export function ownWrittenVersion(outcome: WriteBackOutcome, known: string[]): string | null {
  if (!outcome.written || outcome.before === null || !known.includes(outcome.before)) return null;
  return outcome.version;
}
