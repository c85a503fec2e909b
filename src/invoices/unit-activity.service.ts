import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ChainHeadEntity } from '../chain/chain-head.entity';
import type { UnitActivity, UnitActivityReader } from '../egs/status/unit-activity-reader';
import { InvoiceEntity } from './invoice.entity';

/** The EGS status view's "last invoice counter" and "last submission result", from the chain. */
@Injectable()
export class UnitActivityService implements UnitActivityReader {
  constructor(private readonly dataSource: DataSource) {}

  async activity(unitId: string): Promise<UnitActivity> {
    const head = await this.dataSource.getRepository(ChainHeadEntity).findOneBy({ unitId });
    const last = await this.dataSource.getRepository(InvoiceEntity).findOne({
      where: { unitId, state: In(['cleared', 'reported', 'dead-letter']) },
      // updated_at: a dead letter has no completed_at, and it is a submission result too.
      order: { updatedAt: 'DESC' },
    });
    return {
      // A head at 0 exists before the first document is signed.
      lastInvoiceCounter: head && head.lastIcv > 0 ? head.lastIcv : null,
      lastSubmission: last
        ? {
            result: last.state === 'dead-letter' ? `dead-letter (${last.deadReason})` : last.state,
            at: last.updatedAt,
            invoiceId: last.invoiceNumber,
          }
        : null,
    };
  }
}
