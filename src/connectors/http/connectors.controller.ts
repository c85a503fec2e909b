import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ConnectorSettingsError } from '../connector-errors';
import type { ConnectionEntity } from '../entities/connection.entity';
import { ConnectionsService, webhookPath } from '../runner/connections.service';
import { ConnectorRunner } from '../runner/connector-runner';
import { MappingsService } from '../runner/mappings.service';
import { RecordStatusService } from '../runner/record-status.service';
import {
  ConnectionDto,
  CreateConnectionDto,
  MappingValueDto,
  StartConnectionDto,
  UpdateConnectionDto,
  WebhookAnswerDto,
} from './connectors.dto';

@ApiTags('connectors')
@Controller('connectors')
export class ConnectorsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly mappings: MappingsService,
    private readonly runner: ConnectorRunner,
    private readonly status: RecordStatusService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a connection (API key sealed); answers the webhook path once' })
  @ApiResponse({ status: 201, type: ConnectionDto })
  async create(@Body() body: CreateConnectionDto): Promise<ConnectionDto> {
    const { connection, webhookToken } = await settingsErrors(() =>
      this.connections.create({ ...body, secret: body.apiKey }),
    );
    return {
      ...view(connection),
      webhookPath: webhookPath(connection.id, webhookToken),
    };
  }

  @Get()
  @ApiResponse({ status: 200, type: [ConnectionDto] })
  async list(): Promise<ConnectionDto[]> {
    return (await this.connections.list()).map(view);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: ConnectionDto })
  async get(@Param('id') id: string): Promise<ConnectionDto> {
    return view(await this.connections.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change name, settings (merged; null removes a key) or API key; a change to settings or key is checked against the ERP first',
  })
  @ApiResponse({ status: 200, type: ConnectionDto })
  @ApiResponse({
    status: 400,
    description:
      'The change is invalid or the ERP refused it (errors name the field: settings.url, settings.database, settings.login, apiKey...); nothing was saved',
  })
  async update(@Param('id') id: string, @Body() body: UpdateConnectionDto): Promise<ConnectionDto> {
    return view(
      await settingsErrors(() =>
        this.connections.update(id, {
          name: body.name,
          settings: body.settings,
          secret: body.apiKey,
        }),
      ),
    );
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Prepare the ERP (fields, probes) and start polling; state refused says why not',
  })
  @ApiResponse({ status: 200, type: ConnectionDto })
  async start(
    @Param('id') id: string,
    @Body() body: StartConnectionDto = {},
  ): Promise<ConnectionDto> {
    return view(await this.runner.start(id, { resolve: body?.resolve }));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pause: no polling, webhooks answered 202 and ignored, write-backs held; answers when the poll in progress has finished',
  })
  @ApiResponse({ status: 200, type: ConnectionDto })
  @ApiResponse({ status: 409, description: 'The connection is not running (new or refused)' })
  async pause(@Param('id') id: string): Promise<ConnectionDto> {
    return view(await this.runner.pause(id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a paused connection from its cursor: what was posted meanwhile is taken',
  })
  @ApiResponse({ status: 200, type: ConnectionDto })
  @ApiResponse({
    status: 409,
    description: 'The connection is not paused (new or refused: start it)',
  })
  async resume(@Param('id') id: string): Promise<ConnectionDto> {
    return view(await this.runner.resume(id));
  }

  @Post(':id/poll')
  @HttpCode(200)
  @ApiOperation({ summary: 'Poll now (otherwise every CONNECTOR_POLL_MS)' })
  async poll(@Param('id') id: string): Promise<{ submitted: number }> {
    return { submitted: await this.runner.pollOnce(id) };
  }

  @Post(':id/webhook/:token')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'ERP webhook; the secret token in the path authenticates it. A connection that is not running (paused, new, refused) answers 202 and ignores it: polling takes the record later',
  })
  @ApiResponse({ status: 202, type: WebhookAnswerDto })
  @ApiResponse({ status: 401, description: 'Unknown connection or wrong token' })
  async webhook(
    @Param('id') id: string,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<WebhookAnswerDto> {
    const row = await this.connections.get(id).catch(() => null);
    // One answer for an unknown connection and a wrong token: no probing for ids.
    if (!row || !this.connections.tokenMatches(row, token)) throw new UnauthorizedException();
    // 2xx, not 409: Odoo sends once and never retries, so an error would only fill its log.
    if (row.state !== 'active') return { accepted: [], ignored: row.state };
    return this.runner.webhook(row, body);
  }

  @Get(':id/records/:recordId')
  @ApiOperation({ summary: 'What happened to one ERP record: errors, invoice, write-back' })
  record(@Param('id') id: string, @Param('recordId') recordId: string) {
    return this.status.status(id, recordId);
  }

  @Get(':id/mappings')
  mappingList(@Param('id') id: string) {
    return this.mappings.list(id);
  }

  @Put(':id/mappings/:kind/:erpKey')
  @ApiOperation({ summary: 'Set one mapping: tax, unit, payment-terms, uom, buyer-field' })
  async putMapping(
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Param('erpKey') erpKey: string,
    @Body() body: MappingValueDto,
  ): Promise<{ kind: string; erpKey: string; value: unknown }> {
    await this.connections.get(id);
    await settingsErrors(() => this.mappings.put(id, kind, erpKey, body?.value));
    return { kind, erpKey, value: body.value };
  }

  @Delete(':id/mappings/:kind/:erpKey')
  @HttpCode(204)
  async deleteMapping(
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Param('erpKey') erpKey: string,
  ): Promise<void> {
    if (!(await this.mappings.remove(id, kind, erpKey))) throw new NotFoundException();
  }
}

function view(row: ConnectionEntity): ConnectionDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: JSON.parse(row.settingsJson) as Record<string, unknown>,
    state: row.state,
    stateMessage: row.stateMessage,
    cursor: row.cursor,
    lastPollAt: row.lastPollAt,
    lastPollError: row.lastPollError,
  };
}

async function settingsErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ConnectorSettingsError) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid settings',
        errors: err.errors,
      });
    }
    throw err;
  }
}
