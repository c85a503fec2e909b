import axios, { type AxiosInstance } from 'axios';
import { ConnectorRefusedError, ErpUnavailableError } from '../../src/connectors/connector-errors';
import type { OdooSettings } from './odoo-settings';

/** An error Odoo answered (HTTP 200 with `error`): `data.name` is the Python exception. */
export class OdooRpcError extends Error {
  override readonly name = 'OdooRpcError';
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(`Odoo ${exception.replace(/^odoo\.exceptions\./, '')}: ${message}`);
  }
}

interface RpcAnswer {
  result?: unknown;
  error?: { message?: string; data?: { name?: string; message?: string } };
}

/**
 * Odoo's JSON-RPC (`POST /jsonrpc`, services common/object) with the API key in place of the
 * password. Network failures, timeouts and non-JSON answers become ErpUnavailableError (retry);
 * AccessDenied becomes ConnectorRefusedError; other Odoo errors OdooRpcError.
 */
export class OdooRpcClient {
  private readonly http: AxiosInstance;
  private uid: number | null = null;
  private nextId = 1;

  constructor(
    private readonly settings: OdooSettings,
    private readonly apiKey: string,
  ) {
    this.http = axios.create({
      baseURL: settings.url,
      timeout: settings.timeoutMs,
      headers: { 'Content-Type': 'application/json' },
      // Odoo answers errors with 200; anything else is a proxy or a crash.
      validateStatus: () => true,
    });
  }

  async version(): Promise<{ serverSerie: string; major: number }> {
    const answer = (await this.call('common', 'version', [])) as {
      server_serie?: string;
      server_version_info?: unknown[];
    };
    const major = Number(
      answer.server_version_info?.[0] ?? parseInt(answer.server_serie ?? '', 10),
    );
    return { serverSerie: answer.server_serie ?? String(major), major };
  }

  /** The user id; authenticate answers `false` (not an error) for bad credentials. */
  async authenticate(): Promise<number> {
    if (this.uid !== null) return this.uid;
    const uid = await this.call('common', 'authenticate', [
      this.settings.database,
      this.settings.login,
      this.apiKey,
      {},
    ]);
    if (typeof uid !== 'number') {
      throw new ConnectorRefusedError(
        `Odoo refused the login "${this.settings.login}" with this API key on database ` +
          `"${this.settings.database}": check the login, the database and the key ` +
          '(Odoo: Preferences → Account Security → New API Key).',
      );
    }
    this.uid = uid;
    return uid;
  }

  /** `execute_kw(db, uid, key, model, method, args, kwargs)`. */
  async execute<T = unknown>(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown> = {},
  ): Promise<T> {
    const uid = await this.authenticate();
    return (await this.call('object', 'execute_kw', [
      this.settings.database,
      uid,
      this.apiKey,
      model,
      method,
      args,
      kwargs,
    ])) as T;
  }

  private async call(service: string, method: string, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    let status: number;
    let data: unknown;
    try {
      const response = await this.http.post('/jsonrpc', {
        jsonrpc: '2.0',
        method: 'call',
        params: { service, method, args },
        id,
      });
      status = response.status;
      data = response.data;
    } catch (err) {
      // Never the request itself in the message: its args hold the API key.
      const code = (err as { code?: string }).code ?? 'network error';
      throw new ErpUnavailableError(`Odoo at ${this.settings.url} is unreachable (${code})`);
    }
    if (status !== 200 || typeof data !== 'object' || data === null) {
      throw new ErpUnavailableError(`Odoo at ${this.settings.url} answered HTTP ${status}`);
    }
    const answer = data as RpcAnswer;
    if (answer.error) {
      const name = answer.error.data?.name ?? 'unknown';
      const message = answer.error.data?.message ?? answer.error.message ?? 'error';
      if (name === 'odoo.exceptions.AccessDenied') {
        throw new ConnectorRefusedError(
          `Odoo denied access for "${this.settings.login}": the API key was revoked or is wrong`,
        );
      }
      throw new OdooRpcError(name, message);
    }
    return answer.result;
  }
}
