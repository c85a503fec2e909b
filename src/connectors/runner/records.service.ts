import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
