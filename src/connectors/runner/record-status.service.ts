import { Injectable, NotFoundException } from '@nestjs/common';
import { InvoiceStatusService } from '../../invoices/invoice-status.service';
import { ConnectionsService } from './connections.service';
import { RecordsService } from './records.service';
import { WriteBackOutbox } from './write-back-outbox';

export interface RecordStatus {
  connectionId: string;
  recordId: string;
  state: string;
  erpVersion: string | null;
  /** Mapping or pre-flight problems, field by field. */
  errors: { field: string; rule: string }[];
  invoice: {
    uuid: string;
    state: string;
    zatcaStatus: string | null;
    icv: number;
    messages: unknown[];
  } | null;
  writeBack: {
    state: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string;
  } | null;
}

/** GET /connectors/:connectionId/records/:recordId */
@Injectable()
export class RecordStatusService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly records: RecordsService,
    private readonly outbox: WriteBackOutbox,
    private readonly invoices: InvoiceStatusService,
  ) {}

  async status(connectionId: string, recordId: string): Promise<RecordStatus> {
    await this.connections.get(connectionId);
    const record = await this.records.find(connectionId, recordId);
    if (!record)
      throw new NotFoundException(`connection ${connectionId} has not seen record ${recordId}`);
    const invoice = record.invoiceUuid ? await this.invoices.invoice(record.invoiceUuid) : null;
    const writeBack = await this.outbox.latest(connectionId, recordId);
    return {
      connectionId,
      recordId,
      state: record.state,
      erpVersion: record.erpVersion,
      errors: record.errorsJson ? (JSON.parse(record.errorsJson) as RecordStatus['errors']) : [],
      invoice: invoice
        ? {
            uuid: invoice.uuid,
            state: invoice.state,
            zatcaStatus: invoice.zatcaStatus,
            icv: invoice.icv,
            messages: invoice.messages,
          }
        : null,
      writeBack: writeBack
        ? {
            state: writeBack.state,
            attempts: Number(writeBack.attempts),
            lastError: writeBack.lastError,
            nextAttemptAt: writeBack.nextAttemptAt,
          }
        : null,
    };
  }
}
