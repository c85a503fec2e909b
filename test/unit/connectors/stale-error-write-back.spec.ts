import type { ConnectorRecordEntity } from '../../../src/connectors/entities/connector-record.entity';
import type { WriteBackEntity } from '../../../src/connectors/entities/write-back.entity';
import {
  queuedErrorVersion,
  staleErrorReason,
} from '../../../src/connectors/runner/stale-error-write-back';

const VERSION = '2026-11-21 10:50:16';

const errorRow = (version = VERSION) =>
  ({
    id: `c1/42/error:${version}`,
    connectionId: 'c1',
    recordId: '42',
    what: 'error',
  }) as WriteBackEntity;

const record = (fields: Partial<ConnectorRecordEntity> = {}) =>
  ({
    connectionId: 'c1',
    recordId: '42',
    state: 'mapping-failed',
    erpVersion: VERSION,
    invoiceUuid: null,
    ...fields,
  }) as ConnectorRecordEntity;

describe('stale error write-backs', () => {
  it('reads the version an error row was queued for, colons and slashes included', () => {
    expect(queuedErrorVersion(errorRow())).toBe(VERSION);
    expect(queuedErrorVersion(errorRow('a/b:c'))).toBe('a/b:c');
    expect(
      queuedErrorVersion({ ...errorRow(), id: 'c1/42/invoice:u-1', what: 'invoice' }),
    ).toBeNull();
  });

  it('writes the error of a record still refused at the version it was queued for', () => {
    expect(staleErrorReason(errorRow(), record(), false)).toBeNull();
  });

  it('skips it once the record was submitted, even before the record says so', () => {
    expect(staleErrorReason(errorRow(), record({ state: 'submitted' }), true)).toBe(
      `the record was submitted since (error queued for ERP version ${VERSION})`,
    );
    expect(staleErrorReason(errorRow(), record(), true)).toMatch(/^the record was submitted/);
  });

  it('skips it once the record is skipped or failing for another reason', () => {
    expect(staleErrorReason(errorRow(), record({ state: 'skipped' }), false)).toBe(
      `the record is skipped now (error queued for ERP version ${VERSION})`,
    );
    expect(staleErrorReason(errorRow(), record({ state: 'ingest-failed' }), false)).toMatch(
      /^the record is ingest-failed now/,
    );
  });

  it('skips it when the record was refused again for a newer version', () => {
    expect(staleErrorReason(errorRow(), record({ erpVersion: 'v2' }), false)).toBe(
      `error queued for ERP version ${VERSION}, the record was refused again at v2`,
    );
  });

  it('skips it when the record is not known at all', () => {
    expect(staleErrorReason(errorRow(), null, false)).toMatch(/^the record is no longer known/);
  });
});
