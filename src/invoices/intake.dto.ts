import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IntakeRequestDto {
  @ApiProperty({
    description: 'Source system (connector id, ERP instance); with recordId the idempotency key',
    example: 'odoo-main',
  })
  source!: string;

  @ApiProperty({
    description: "The source system's record ID of this invoice",
    example: 'account.move/4711',
  })
  recordId!: string;

  @ApiProperty({ description: 'The EGS unit that signs the invoice', example: 'unit-riyadh-1' })
  unitId!: string;

  @ApiProperty({
    description:
      'The canonical invoice (docs/canonical-invoice.md, docs/canonical-invoice.schema.json)',
    type: 'object',
    additionalProperties: true,
  })
  invoice!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'UUID of the rejected (dead-lettered) invoice this one corrects',
  })
  correctsUuid?: string;

  @ApiPropertyOptional({
    description:
      'Standard invoices: ms to wait for the clearance before answering pending (default CLEARANCE_WAIT_MS)',
  })
  waitMs?: number;
}

export class FieldErrorDto {
  @ApiProperty({ example: 'invoice.lines[0].unitPrice' }) field!: string;
  @ApiProperty({ example: 'expected a decimal string' }) rule!: string;
}

export class ErrorResponseDto {
  @ApiProperty() statusCode!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [FieldErrorDto] }) errors!: FieldErrorDto[];
}

export class InvoiceResultDto {
  @ApiProperty() uuid!: string;
  @ApiProperty() source!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ description: 'Invoice counter value (KSA-16)' }) icv!: number;
  @ApiProperty({ description: "base64 SHA-256 invoice hash; the next document's PIH" })
  invoiceHash!: string;
  @ApiProperty({ enum: ['standard', 'simplified'] }) subtype!: string;
  @ApiProperty({ enum: ['pending', 'cleared', 'reported', 'dead-letter', 'superseded'] })
  state!: string;
  @ApiPropertyOptional({ enum: ['PASS', 'WARNING', 'DUPLICATE'], nullable: true }) zatcaStatus!:
    string | null;
  @ApiPropertyOptional({
    enum: [
      'rejected',
      'unauthorized',
      'certificate-expired',
      'unit-unavailable',
      'unexpected-response',
    ],
    nullable: true,
  })
  deadReason!: string | null;
  @ApiProperty({
    description: "ZATCA's errors and warnings",
    type: 'array',
    items: { type: 'object' },
  })
  messages!: unknown[];
  @ApiProperty({ description: 'base64 TLV QR code' }) qr!: string;
  @ApiPropertyOptional({
    description: "ZATCA's cleared XML, base64 (standard, once cleared)",
    nullable: true,
  })
  clearedInvoice!: string | null;
  @ApiPropertyOptional({ description: 'Simplified: issuance + 24 h', nullable: true })
  reportingDeadline!: string | null;
  @ApiProperty({ description: 'Decimal string' }) payableAmount!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ nullable: true }) correctsUuid!: string | null;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) completedAt!: string | null;
  @ApiProperty({ description: 'True when answering for an earlier request with the same key' })
  replayed!: boolean;
}
