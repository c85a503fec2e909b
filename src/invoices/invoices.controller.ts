import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DeadLetterService } from './dead-letter.service';
import { asHttpError } from './http-errors';
import { ErrorResponseDto, IntakeRequestDto, InvoiceResultDto } from './intake.dto';
import { IntakeService } from './intake.service';
import { InvoiceStatusService } from './invoice-status.service';
import type { InvoiceResult } from './invoice-result';

@ApiTags('invoices')
@Controller()
export class InvoicesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly status: InvoiceStatusService,
    private readonly deadLetters: DeadLetterService,
  ) {}

  @Post('invoices')
  @ApiOperation({
    summary: 'Take a canonical invoice: validate, sign in the unit chain, clear or report',
    description:
      'Idempotent on (source, recordId): a repeat answers 200 with the first invoice. Standard invoices wait for the clearance up to waitMs, then answer pending; simplified ones answer at once with their QR and are reported in the background.',
  })
  @ApiResponse({
    status: 201,
    type: InvoiceResultDto,
    description: 'signed (and cleared/reported, or pending)',
  })
  @ApiResponse({
    status: 200,
    type: InvoiceResultDto,
    description: 'the same key was submitted before',
  })
  @ApiResponse({
    status: 422,
    type: ErrorResponseDto,
    description: 'invalid: field-level errors, nothing consumed',
  })
  @ApiResponse({
    status: 409,
    type: ErrorResponseDto,
    description: 'the unit cannot sign, or the UUID is taken',
  })
  async submit(
    @Body() body: IntakeRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InvoiceResult> {
    try {
      const result = await this.intake.submit({
        ...body,
        actor: `connector:${String(body?.source)}`,
      });
      res.status(result.replayed ? 200 : 201);
      return result;
    } catch (err) {
      throw asHttpError(err);
    }
  }

  @Get('invoices/:uuid')
  @ApiOperation({
    summary: "One invoice: state, ZATCA's answer, and its full history from the audit trail",
  })
  @ApiResponse({ status: 200, type: InvoiceResultDto })
  async invoice(@Param('uuid') uuid: string) {
    const found = await this.status.invoice(uuid);
    if (!found) throw new NotFoundException(`no invoice ${uuid}`);
    return found;
  }

  @Get('pipeline/status')
  @ApiOperation({
    summary:
      'Counts per state and dead-letter reason, queue depth, oldest pending reporting deadline, deadline alerts',
  })
  pipelineStatus() {
    return this.status.status();
  }

  @Get('dead-letters')
  @ApiOperation({
    summary: 'Invoices that retrying cannot help, with the reason and ZATCA messages',
  })
  @ApiQuery({ name: 'reason', required: false })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiResponse({ status: 200, type: [InvoiceResultDto] })
  list(@Query('reason') reason?: string, @Query('unitId') unitId?: string) {
    return this.status.deadLetters({ reason, unitId });
  }

  @Get('dead-letters/:uuid')
  @ApiOperation({ summary: 'One dead letter with its history' })
  async inspect(@Param('uuid') uuid: string) {
    const found = await this.status.invoice(uuid);
    if (!found || found.state !== 'dead-letter')
      throw new NotFoundException(`no dead letter ${uuid}`);
    return found;
  }

  @Post('dead-letters/:uuid/replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Queue a dead letter again with its identical signed bytes (not for rejected ones: correct them)',
  })
  @ApiResponse({ status: 200, type: InvoiceResultDto })
  @ApiResponse({ status: 409, type: ErrorResponseDto })
  async replay(@Param('uuid') uuid: string) {
    try {
      return await this.deadLetters.replay(uuid, 'operator:api');
    } catch (err) {
      throw asHttpError(err);
    }
  }
}
