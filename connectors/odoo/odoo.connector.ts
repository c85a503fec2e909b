import type { ConnectionTarget, Connector, ConnectorSession } from '../../src/connectors/connector';
import type { OdooProbe } from './odoo-probe';
import { OdooRpcClient } from './odoo-rpc-client';
import { OdooSession } from './odoo-session';
import { odooSettings } from './odoo-settings';
import { verifyOdooConnection } from './odoo-verify';

/** Odoo 16, 17 and 18 over JSON-RPC with an API key (docs/connectors.md). */
export class OdooConnector implements Connector {
  readonly kind = 'odoo';
  private readonly probes = new Map<string, OdooProbe>();

  checkSettings(settings: Record<string, unknown>): void {
    odooSettings(settings);
  }

  open(connection: ConnectionTarget): ConnectorSession {
    const settings = odooSettings(connection.settings);
    return new OdooSession(
      new OdooRpcClient(settings, connection.secret),
      settings,
      this.probes,
      connection.id,
      // Probed field names belong to one database: a changed URL or database probes again.
      `${connection.id}|${settings.url}|${settings.database}`,
    );
  }

  verify(connection: ConnectionTarget, changed: readonly string[]): Promise<void> {
    return verifyOdooConnection(connection, changed);
  }
}
