import type { ConnectionTarget } from '../../src/connectors/connector';
import {
  ConnectorRefusedError,
  ConnectorSettingsError,
  ErpUnavailableError,
  type MappingProblem,
} from '../../src/connectors/connector-errors';
import { OdooRpcClient, OdooRpcError } from './odoo-rpc-client';
import { odooSettings } from './odoo-settings';

/**
 * A connection change checked against Odoo before it is saved: JSON-RPC answers at the URL,
 * the database exists, login + API key authenticate, and the user may read customer
 * invoices (one search, limit 1). Reads only. Each failure names the field at fault; for a
 * refused login that is the login or the key, whichever the change touched (both otherwise).
 */
export async function verifyOdooConnection(
  target: ConnectionTarget,
  changed: readonly string[],
): Promise<void> {
  const settings = odooSettings(target.settings);
  const client = new OdooRpcClient(settings, target.secret);
  const fail = (problems: MappingProblem[]): never => {
    throw new ConnectorSettingsError(
      problems.map((p) => ({ ...p, rule: `${p.rule}; nothing was saved` })),
    );
  };
  try {
    await client.version();
  } catch (err) {
    if (!(err instanceof ErpUnavailableError)) throw err;
    fail([{ field: 'settings.url', rule: `no Odoo JSON-RPC at this URL: ${err.message}` }]);
  }
  try {
    await client.authenticate();
  } catch (err) {
    if (err instanceof ConnectorRefusedError) {
      const blamed = ['settings.login', 'apiKey'].filter((f) => changed.includes(f));
      const fields = blamed.length ? blamed : ['settings.login', 'apiKey'];
      fail(
        fields.map((field) => ({
          field,
          rule:
            `Odoo refused the login "${settings.login}" with this API key on database ` +
            `"${settings.database}" (authenticate answered false)`,
        })),
      );
    }
    if (err instanceof OdooRpcError) {
      fail([
        {
          field: 'settings.database',
          rule: `Odoo could not open database "${settings.database}": ${err.message}`,
        },
      ]);
    }
    if (err instanceof ErpUnavailableError) {
      fail([{ field: 'settings.url', rule: err.message }]);
    }
    throw err;
  }
  try {
    await client.execute(
      'account.move',
      'search',
      [[['move_type', 'in', ['out_invoice', 'out_refund']]]],
      { limit: 1 },
    );
  } catch (err) {
    if (err instanceof OdooRpcError && err.exception === 'odoo.exceptions.AccessError') {
      fail([
        {
          field: 'settings.login',
          rule:
            `the Odoo user "${settings.login}" may not read customer invoices (give it ` +
            `Accounting / Billing rights): ${err.message}`,
        },
      ]);
    }
    if (err instanceof ConnectorRefusedError) fail([{ field: 'apiKey', rule: err.message }]);
    if (err instanceof OdooRpcError) {
      fail([{ field: 'settings.database', rule: `reading invoices failed: ${err.message}` }]);
    }
    if (err instanceof ErpUnavailableError) fail([{ field: 'settings.url', rule: err.message }]);
    throw err;
  }
}
