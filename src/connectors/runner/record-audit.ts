import type { AuditInput } from '../../audit';

/**
 * An audit entry about one ERP record of a connection, by the connector, on the `connectors`
 * stream: what the status API's history of a record (`erp-record` `<connection>/<record>`) reads.
 */
export function recordAuditEntry(
  connectionId: string,
  recordId: string,
  action: string,
  data: Record<string, unknown>,
): AuditInput {
  return {
    stream: 'connectors',
    action,
    actor: `connector:${connectionId}`,
    subjectType: 'erp-record',
    subjectId: `${connectionId}/${recordId}`,
    data,
  };
}

/**
 * An audit entry about a connection itself (created, updated, started, refused, paused,
 * resumed, a mapping set), made through the API, on the `connectors` stream.
 */
export function connectionAuditEntry(
  connectionId: string,
  action: string,
  data: Record<string, unknown>,
): AuditInput {
  return {
    stream: 'connectors',
    action,
    actor: 'api',
    subjectType: 'connection',
    subjectId: connectionId,
    data,
  };
}
