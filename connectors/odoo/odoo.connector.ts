import type { ConnectionTarget, Connector, ConnectorSession } from '../../src/connectors/connector';
import type { OdooProbe } from './odoo-probe';
import { OdooRpcClient } from './odoo-rpc-client';
import { OdooSession } from './odoo-session';
import { odooSettings } from './odoo-settings';

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
    );
  }
}
