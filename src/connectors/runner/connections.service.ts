import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit';
import { KeyVault } from '../../secrets/key-vault';
import type { ConnectionTarget, ConnectorSession } from '../connector';
import { ConnectorSettingsError } from '../connector-errors';
import { ConnectorRegistry } from '../connector-registry';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../connectors-config';
import { ConnectionEntity } from '../entities/connection.entity';
import { SECRET_PURPOSE, TOKEN_PURPOSE } from './connection-seal-purposes';
import { scrubCredentials } from './scrub-credentials';
import { connectionAuditEntry } from './record-audit';

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
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
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
      sealedWebhookToken: this.sealToken(input.id, webhookToken),
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
    await this.audit.append(
      connectionAuditEntry(row.id, 'connection.created', {
        kind: row.kind,
        settings: input.settings,
      }),
    );
    return { connection: row, webhookToken };
  }

  /**
   * PATCH: `settings` are merged into the stored ones (a key set to null is removed). A change
   * to the settings or the API key is first checked against the ERP (connector `verify`): a
   * refusal throws ConnectorSettingsError naming the field and nothing is saved. A new URL or
   * database sends a running or paused connection back to `new`: the ERP there must be
   * prepared (fields, competing submitter, webhook) by a start before anything is taken from it.
   */
  async update(
    id: string,
    patch: { name?: string; settings?: Record<string, unknown> | null; secret?: string },
  ): Promise<ConnectionEntity> {
    const row = await this.get(id);
    const connector = this.registry.get(row.kind);
    const stored = JSON.parse(row.settingsJson) as Record<string, unknown>;
    const problems: { field: string; rule: string }[] = [];
    if (patch.settings !== undefined && !isPlainObject(patch.settings)) {
      problems.push({ field: 'settings', rule: 'an object of the settings to change' });
    }
    if (patch.secret !== undefined && (typeof patch.secret !== 'string' || patch.secret === '')) {
      problems.push({ field: 'apiKey', rule: 'a non-empty string: the new ERP API key' });
    }
    if (patch.name !== undefined && (typeof patch.name !== 'string' || !patch.name.trim())) {
      problems.push({ field: 'name', rule: 'a non-empty string' });
    }
    if (problems.length) throw new ConnectorSettingsError(problems);

    const settings = { ...stored };
    for (const [key, value] of Object.entries(patch.settings ?? {})) {
      if (value === null) delete settings[key];
      else settings[key] = value;
    }
    const changed = [
      ...[...new Set([...Object.keys(stored), ...Object.keys(settings)])]
        .filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(settings[k]))
        .map((k) => `settings.${k}`),
      ...(patch.secret !== undefined ? ['apiKey'] : []),
    ];
    if (changed.length > 0) {
      connector?.checkSettings(settings);
      await connector?.verify?.(
        { id, settings, secret: patch.secret ?? this.openSecret(row) },
        changed,
      );
    }
    const moved = changed.includes('settings.url') || changed.includes('settings.database');
    const fields: Partial<ConnectionEntity> = {
      name: patch.name?.trim() ?? row.name,
      settingsJson: JSON.stringify(settings),
      updatedAt: new Date().toISOString(),
    };
    if (patch.secret !== undefined) fields.sealedSecret = this.seal(id, patch.secret);
    if (moved && (row.state === 'active' || row.state === 'paused')) {
      fields.state = 'new';
      fields.stateMessage =
        'the ERP address changed (url or database): POST /connectors/{id}/start to prepare ' +
        'it; polling waits until then, from the same cursor';
    }
    await this.dataSource.getRepository(ConnectionEntity).update({ id }, fields);
    await this.audit.append(
      // Never the key itself: only that it changed.
      connectionAuditEntry(id, 'connection.updated', {
        changed,
        settings,
        name: fields.name,
        state: fields.state ?? row.state,
      }),
    );
    return this.get(id);
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

  /** Moves the connection from `from` to `to`; false when it was not in `from` (no change). */
  async transition(
    id: string,
    from: ConnectionEntity['state'],
    to: ConnectionEntity['state'],
    message: string | null,
  ): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ConnectionEntity)
      .update(
        { id, state: from },
        { state: to, stateMessage: message, updatedAt: new Date().toISOString() },
      );
    return (result.affected ?? 0) > 0;
  }

  async recordPoll(id: string, cursor: string | null, error: string | null): Promise<void> {
    const now = new Date().toISOString();
    await this.dataSource
      .getRepository(ConnectionEntity)
      .update({ id }, { cursor, lastPollAt: now, lastPollError: error?.slice(0, 500) ?? null });
  }

  /**
   * The URL the ERP should POST webhooks to: CONNECTOR_PUBLIC_URL + the webhook path with the
   * connection's token; null without a public URL. A row from before tokens were kept sealed
   * gets a new token here (the old one stops working).
   */
  async webhookUrl(row: ConnectionEntity): Promise<string | null> {
    if (!this.config.publicUrl) return null;
    let token: string;
    if (row.sealedWebhookToken) {
      token = this.vault
        .open(row.sealedWebhookToken, { ownerId: row.id, purpose: TOKEN_PURPOSE })
        .toString('utf8');
    } else {
      token = randomBytes(24).toString('base64url');
      row.webhookTokenHash = hashToken(token);
      row.sealedWebhookToken = this.sealToken(row.id, token);
      await this.dataSource
        .getRepository(ConnectionEntity)
        .update(
          { id: row.id },
          { webhookTokenHash: row.webhookTokenHash, sealedWebhookToken: row.sealedWebhookToken },
        );
    }
    return `${this.config.publicUrl}${webhookPath(row.id, token)}`;
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
      secret: this.openSecret(row),
    };
    return connector.open(target);
  }

  /** `text` without the connection's API key and any credentials written in a URL. */
  withoutSecrets(row: ConnectionEntity, text: string): string {
    return scrubCredentials(text, [this.openSecret(row)]);
  }

  private openSecret(row: ConnectionEntity): string {
    return this.vault
      .open(row.sealedSecret, { ownerId: row.id, purpose: SECRET_PURPOSE })
      .toString('utf8');
  }

  private sealToken(id: string, token: string): string {
    return this.vault.seal(Buffer.from(token, 'utf8'), { ownerId: id, purpose: TOKEN_PURPOSE });
  }

  private seal(id: string, secret: string): string {
    return this.vault.seal(Buffer.from(secret, 'utf8'), { ownerId: id, purpose: SECRET_PURPOSE });
  }
}

/** The webhook path of a connection (the token authenticates the ERP's deliveries). */
export function webhookPath(id: string, token: string): string {
  return `/connectors/${id}/webhook/${token}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
