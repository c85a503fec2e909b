import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connections keep their webhook token sealed with the key vault (purpose
 * `connector-webhook-token`) next to its SHA-256, so the host can put the webhook URL into the
 * ERP (Odoo's automation rule) at every start. Rows from before have none; the host makes them
 * a new token the first time it needs the URL.
 *
 * A plain ADD COLUMN on both back ends: TypeORM's addColumn rebuilds the table on SQLite.
 */
export class ConnectorWebhookTokenSealed1763910000000 implements MigrationInterface {
  name = 'ConnectorWebhookTokenSealed1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (name: string) => queryRunner.connection.driver.escape(name);
    await queryRunner.query(
      `ALTER TABLE ${q('connector_connections')} ADD ${q('sealed_webhook_token')} text NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('connector_connections', 'sealed_webhook_token');
  }
}
