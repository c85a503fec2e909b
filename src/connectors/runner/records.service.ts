import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ConnectorRecordEntity, type RecordState } from '../entities/connector-record.entity';

/** Per-record state: the loop guard (versions seen and written) and the status API's source. */
@Injectable()
export class RecordsService {
  constructor(private readonly dataSource: DataSource) {}

  find(connectionId: string, recordId: string): Promise<ConnectorRecordEntity | null> {
    return this.dataSource
      .getRepository(ConnectorRecordEntity)
      .findOneBy({ connectionId, recordId });
  }

  /**
   * The connection's records that could not be taken (`ingest-failed`, no invoice), least
   * recently tried first: each failed try moves `updatedAt`, so `limit` per poll goes round them.
   */
  failedToRetry(connectionId: string, limit: number): Promise<ConnectorRecordEntity[]> {
    return this.dataSource.getRepository(ConnectorRecordEntity).find({
      where: { connectionId, state: 'ingest-failed', invoiceUuid: IsNull() },
      order: { updatedAt: 'ASC', recordId: 'ASC' },
      take: limit,
    });
  }

  async save(
    connectionId: string,
    recordId: string,
    fields: Partial<{
      state: RecordState;
      erpVersion: string | null;
      writtenVersion: string | null;
      invoiceUuid: string | null;
      errorsJson: string | null;
    }>,
  ): Promise<void> {
    const repository = this.dataSource.getRepository(ConnectorRecordEntity);
    const existing = await repository.findOneBy({ connectionId, recordId });
    const updatedAt = new Date().toISOString();
    if (existing) {
      await repository.update({ connectionId, recordId }, { ...fields, updatedAt });
      return;
    }
    await repository.insert({
      connectionId,
      recordId,
      state: 'skipped',
      erpVersion: null,
      writtenVersion: null,
      invoiceUuid: null,
      errorsJson: null,
      ...fields,
      updatedAt,
    });
  }
}
