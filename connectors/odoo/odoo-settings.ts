import { ConnectorSettingsError } from '../../src/connectors/connector-errors';

export interface OdooSettings {
  /** Base URL, e.g. https://erp.example.com (the connector POSTs to <url>/jsonrpc). */
  url: string;
  database: string;
  /** The login of the user that owns the API key. */
  login: string;
  /** Per-call timeout; default 15 s. */
  timeoutMs: number;
  /** Records per poll; default 50. */
  pageSize: number;
}

export function odooSettings(raw: Record<string, unknown>): OdooSettings {
  const problems: { field: string; rule: string }[] = [];
  const text = (name: 'url' | 'database' | 'login') => {
    const value = raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ field: `settings.${name}`, rule: 'required: a non-empty string' });
      return '';
    }
    return value.trim();
  };
  const url = text('url');
  if (url && !/^https?:\/\/[^\s]+$/.test(url)) {
    problems.push({
      field: 'settings.url',
      rule: 'an http(s) URL such as https://erp.example.com',
    });
  }
  const count = (name: 'timeoutMs' | 'pageSize', fallback: number, max: number) => {
    const value = raw[name] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
      problems.push({ field: `settings.${name}`, rule: `a whole number from 1 to ${max}` });
      return fallback;
    }
    return value as number;
  };
  const settings: OdooSettings = {
    url: url.replace(/\/+$/, ''),
    database: text('database'),
    login: text('login'),
    timeoutMs: count('timeoutMs', 15_000, 120_000),
    pageSize: count('pageSize', 50, 500),
  };
  if (problems.length) throw new ConnectorSettingsError(problems);
  return settings;
}
