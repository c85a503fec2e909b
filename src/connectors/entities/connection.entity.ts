import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ConnectionState = 'new' | 'active' | 'refused' | 'paused';

/** One ERP instance the host talks to (migration CreateConnectors). */
@Entity({ name: 'connector_connections' })
export class ConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  /** The connector kind (`odoo`). */
  @Column({ type: 'varchar', length: 30 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Connector settings as JSON (URL, database, login, poll interval); no secrets. */
  @Column({ name: 'settings_json', type: 'text' })
  settingsJson!: string;

  /** The API key, sealed with the key vault (purpose `connector-secret`). */
  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret!: string;

  /** SHA-256 (hex) of the webhook URL token, which authenticates a delivery. */
  @Column({ name: 'webhook_token_hash', type: 'varchar', length: 64 })
  webhookTokenHash!: string;

  /**
   * The token itself, sealed with the key vault (purpose `connector-webhook-token`), so the
   * host can give the ERP the webhook URL (migration ConnectorWebhookTokenSealed). Null on
   * rows from before it: a new token is made when the URL is first needed.
   */
  @Column({ name: 'sealed_webhook_token', type: 'text', nullable: true })
  sealedWebhookToken!: string | null;

  @Column({ type: 'varchar', length: 20 })
  state!: ConnectionState;

  @Column({ name: 'state_message', type: 'text', nullable: true })
  stateMessage!: string | null;

  /** The poll cursor (connector-defined text). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  cursor!: string | null;

  @Column({ name: 'last_poll_at', type: 'varchar', length: 24, nullable: true })
  lastPollAt!: string | null;

  @Column({ name: 'last_poll_error', type: 'varchar', length: 500, nullable: true })
  lastPollError!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
