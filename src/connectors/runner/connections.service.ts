import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit';
import { KeyVault } from '../../secrets/key-vault';
import type { ConnectionTarget, ConnectorSession } from '../connector';
import { ConnectorSettingsError } from '../connector-errors';
import { ConnectorRegistry } from '../connector-registry';
import { ConnectionEntity } from '../entities/connection.entity';

const SECRET_PURPOSE = 'connector-secret';

export interface NewConnection {
  id: string;
  kind: string;
  name?: string;
  settings: Record<string, unknown>;
  secret: string;
}

/** Connections: create, read, update; the API key sealed, the webhook token hashed. */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: KeyVault,
    private readonly registry: ConnectorRegistry,
    private readonly audit: AuditTrail,
  ) {}

  /** Creates a connection; returns it and its webhook token (shown this once). */
  async create(
    input: NewConnection,
  ): Promise<{ connection: ConnectionEntity; webhookToken: string }> {
    const problems: { field: string; rule: string }[] = [];
    if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(input.id ?? '')) {
      problems.push({ field: 'id', rule: 'lower-case letters, digits and dashes, 1-100' });
    }
    const connector = this.registry.get(input.kind);
    if (!connector)
      problems.push({ field: 'kind', rule: `one of ${this.registry.kinds().join(', ')}` });
    if (typeof input.secret !== 'string' || input.secret === '') {
      problems.push({ field: 'apiKey', rule: 'required: the ERP API key' });
    }
    if (problems.length) throw new ConnectorSettingsError(problems);
    connector!.checkSettings(input.settings ?? {});
    const webhookToken = randomBytes(24).toString('base64url');
    const now = new Date().toISOString();
    const row: ConnectionEntity = {
      id: input.id,
      kind: input.kind,
      name: input.name ?? input.id,
      settingsJson: JSON.stringify(input.settings ?? {}),
      sealedSecret: this.seal(input.id, input.secret),
      webhookTokenHash: hashToken(webhookToken),
      state: 'new',
      stateMessage: 'not started yet: POST /connectors/{id}/start',
      cursor: null,
      lastPollAt: null,
      lastPollError: null,
      createdAt: now,
      updatedAt: now,
    };
    const repository = this.dataSource.getRepository(ConnectionEntity);
    if (await repository.findOneBy({ id: input.id })) {
      throw new ConnectorSettingsError([{ field: 'id', rule: `connection ${input.id} exists` }]);
    }
    await repository.insert(row);
    await this.audit.append({
      stream: 'connectors',
      action: 'connection.created',
      actor: 'api',
      subjectType: 'connection',
      subjectId: row.id,
      data: { kind: row.kind, settings: input.settings },
    });
    return { connection: row, webhookToken };
  }

  async update(
    id: string,
    patch: { name?: string; settings?: Record<string, unknown>; secret?: string },
  ): Promise<ConnectionEntity> {
    const row = await this.get(id);
    if (patch.settings) {
      this.registry.get(row.kind)?.checkSettings(patch.settings);
      row.settingsJson = JSON.stringify(patch.settings);
    }
    if (patch.name) row.name = patch.name;
    if (patch.secret) row.sealedSecret = this.seal(id, patch.secret);
    row.updatedAt = new Date().toISOString();
    await this.dataSource.getRepository(ConnectionEntity).save(row);
    return row;
  }

  async get(id: string): Promise<ConnectionEntity> {
    const row = await this.dataSource.getRepository(ConnectionEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`no connection ${id}`);
    return row;
  }

  list(): Promise<ConnectionEntity[]> {
    return this.dataSource.getRepository(ConnectionEntity).find({ order: { id: 'ASC' } });
  }

  async setState(
    id: string,
    state: ConnectionEntity['state'],
    message: string | null,
  ): Promise<void> {
    await this.dataSource
      .getRepository(ConnectionEntity)
      .update({ id }, { state, stateMessage: message, updatedAt: new Date().toISOString() });
  }

  async recordPoll(id: string, cursor: string | null, error: string | null): Promise<void> {
    const now = new Date().toISOString();
    await this.dataSource
      .getRepository(ConnectionEntity)
      .update({ id }, { cursor, lastPollAt: now, lastPollError: error?.slice(0, 500) ?? null });
  }

  /** True when `token` is this connection's webhook token (constant-time comparison). */
  tokenMatches(row: ConnectionEntity, token: string): boolean {
    const given = Buffer.from(hashToken(token), 'hex');
    const stored = Buffer.from(row.webhookTokenHash, 'hex');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  /** A connector session with the decrypted secret. */
  session(row: ConnectionEntity): ConnectorSession {
    const connector = this.registry.get(row.kind);
    if (!connector) throw new NotFoundException(`no connector of kind ${row.kind} in this host`);
    const target: ConnectionTarget = {
      id: row.id,
      settings: JSON.parse(row.settingsJson) as Record<string, unknown>,
      secret: this.vault
        .open(row.sealedSecret, { ownerId: row.id, purpose: SECRET_PURPOSE })
        .toString('utf8'),
    };
    return connector.open(target);
  }

  private seal(id: string, secret: string): string {
    return this.vault.seal(Buffer.from(secret, 'utf8'), { ownerId: id, purpose: SECRET_PURPOSE });
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
