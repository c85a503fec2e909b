import type { ConnectorRecordEntity } from '../../../src/connectors/entities/connector-record.entity';
import type { WriteBackEntity } from '../../../src/connectors/entities/write-back.entity';
import { changedErrorReason } from '../../../src/connectors/runner/stale-error-write-back';
import {
  knownVersions,
  ownWrittenVersion,
} from '../../../src/connectors/runner/write-back-versions';

const READ = '2026-11-21 10:50:16';
const WRITTEN = '2026-11-21 10:50:18';
const AFTER = '2026-11-21 10:50:25';

const record = (fields: Partial<ConnectorRecordEntity> = {}) =>
  ({ erpVersion: READ, writtenVersion: null, ...fields }) as ConnectorRecordEntity;

describe('write-back versions', () => {
  it('knows the record at the version last read and right after its own last write', () => {
    expect(knownVersions(record())).toEqual([READ]);
    expect(knownVersions(record({ writtenVersion: WRITTEN }))).toEqual([READ, WRITTEN]);
    expect(knownVersions(null)).toEqual([]);
  });

  it('keeps the version after a write as its own echo only when the write landed on a known version', () => {
    const known = [READ, WRITTEN];
    expect(ownWrittenVersion({ before: READ, written: true, version: AFTER }, known)).toBe(AFTER);
    expect(ownWrittenVersion({ before: WRITTEN, written: true, version: AFTER }, known)).toBe(
      AFTER,
    );
    // Changed in the ERP just before our write: the version after holds that change too.
    expect(
      ownWrittenVersion({ before: '2026-11-21 10:50:20', written: true, version: AFTER }, known),
    ).toBeNull();
    expect(ownWrittenVersion({ before: null, written: true, version: AFTER }, known)).toBeNull();
    expect(ownWrittenVersion({ before: READ, written: false, version: null }, known)).toBeNull();
  });

  it('says why an error was not written over a changed record', () => {
    const row = {
      id: `c1/42/error:${READ}`,
      connectionId: 'c1',
      recordId: '42',
    } as WriteBackEntity;
    expect(changedErrorReason(row, AFTER)).toBe(
      `the record changed in the ERP since it was refused (error queued for ERP version ${READ}, ` +
        `the record is at ${AFTER}); the next poll takes it`,
    );
    expect(changedErrorReason(row, null)).toContain('the record is gone');
  });
});
