import type { ConnectorRecordEntity } from '../entities/connector-record.entity';
import type { WriteBackEntity } from '../entities/write-back.entity';

/** The ERP version an `error` row was queued for: its id is `<conn>/<record>/error:<version>`. */
export function queuedErrorVersion(row: WriteBackEntity): string | null {
  const prefix = `${row.connectionId}/${row.recordId}/error:`;
  return row.id.startsWith(prefix) ? row.id.slice(prefix.length) : null;
}

/**
 * Why an `error` row must not be written into the ERP any more, or null when it still says
 * what is true: the record is still refused, for the very version the row was queued for.
 * Anything else (fixed and submitted since, cancelled, failing for another reason, refused
 * again for a newer version whose own row says it) would overwrite the record's real state.
 */
export function staleErrorReason(
  row: WriteBackEntity,
  record: ConnectorRecordEntity | null,
  hasInvoiceWriteBack: boolean,
): string | null {
  const queuedFor = queuedErrorVersion(row);
  if (!record) return `the record is no longer known (error queued for ERP version ${queuedFor})`;
  // An invoice row is queued just before the record says `submitted`: it counts as submitted.
  if (hasInvoiceWriteBack || record.invoiceUuid) {
    return `the record was submitted since (error queued for ERP version ${queuedFor})`;
  }
  if (record.state !== 'mapping-failed') {
    return `the record is ${record.state} now (error queued for ERP version ${queuedFor})`;
  }
  if (record.erpVersion !== queuedFor) {
    return `error queued for ERP version ${queuedFor}, the record was refused again at ${record.erpVersion}`;
  }
  return null;
}

/** Why an `error` row was not written after all: the ERP record changed since it was refused. */
export function changedErrorReason(row: WriteBackEntity, before: string | null): string {
  const now = before === null ? 'is gone' : `is at ${before}`;
  return `the record changed in the ERP since it was refused (error queued for ERP version ${queuedErrorVersion(row)}, the record ${now}); the next poll takes it`;
}
