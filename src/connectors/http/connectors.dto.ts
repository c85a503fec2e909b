import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateConnectionDto {
  @ApiProperty({ example: 'odoo-main', description: 'lower-case letters, digits, dashes' })
  id!: string;
  @ApiProperty({ example: 'odoo' }) kind!: string;
  @ApiPropertyOptional({ example: 'Odoo production' }) name?: string;
  @ApiProperty({
    description: 'Connector settings; Odoo: url, database, login, timeoutMs?, pageSize?',
    example: { url: 'https://erp.example.com', database: 'prod', login: 'zatca@example.com' },
  })
  settings!: Record<string, unknown>;
  @ApiProperty({ description: 'The ERP API key; stored encrypted, never returned' })
  apiKey!: string;
}

export class UpdateConnectionDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Settings to change, merged into the stored ones (a key set to null is removed); checked against the ERP before saving. A new url or database sends the connection back to state new (start it again)',
    example: { url: 'https://erp2.example.com' },
  })
  settings?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'A new API key, checked against the ERP before saving' })
  apiKey?: string;
}

export class StartConnectionDto {
  @ApiPropertyOptional({
    description:
      "How to settle a competing submitter the connector found; Odoo: 'remove-odoo-zatca-from-journals'",
  })
  resolve?: string;
}

export class ConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty({ enum: ['new', 'active', 'refused', 'paused'] }) state!: string;
  @ApiPropertyOptional({ nullable: true }) stateMessage!: string | null;
  @ApiPropertyOptional({ nullable: true }) cursor!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastPollAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastPollError!: string | null;
  @ApiPropertyOptional({ description: 'Only on creation: the webhook path with its secret token' })
  webhookPath?: string;
}

export class MappingValueDto {
  @ApiProperty({
    description:
      'tax: {category, rate?, exemptionReasonCode?, exemptionReason?}; unit: {unitId}; payment-terms: {code}; uom: {unitCode}; buyer-field: {erpField}',
    type: 'object',
    additionalProperties: true,
  })
  value!: Record<string, unknown>;
}

export class WebhookAnswerDto {
  @ApiProperty({ type: [String], description: 'ERP record ids taken as hints' })
  accepted!: string[];
  @ApiPropertyOptional({
    enum: ['paused', 'new', 'refused'],
    description: 'Set when the connection is not running: the delivery was ignored',
  })
  ignored?: string;
}
