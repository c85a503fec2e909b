import { isAbsolute, resolve } from 'node:path';
import type { DatabaseConfig } from './app-config';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/zatca.sqlite';

const EXPECTED = 'expected sqlite:<path> or mysql://user:pass@host:port/db';

/** Replaces the password of a `scheme://user:pass@host` URL by `***`; other strings pass through. */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * Turns DATABASE_URL into connection settings. Returns an error message (without the variable
 * name) instead of throwing, so the caller can collect every bad variable at once.
 * Relative SQLite paths are resolved against `cwd`.
 */
export function parseDatabaseUrl(raw: string, cwd: string): DatabaseConfig | string {
  const shown = JSON.stringify(maskDatabaseUrl(raw));
  if (/^sqlite:/i.test(raw)) return parseSqliteUrl(raw, cwd, shown);
  if (/^(mysql|mariadb):\/\//i.test(raw)) return parseMysqlUrl(raw, shown);
  return `${EXPECTED}, got ${shown}`;
}

function parseSqliteUrl(raw: string, cwd: string, shown: string): DatabaseConfig | string {
  // `sqlite:relative/path`, `sqlite:/absolute/path` and the URL-style `sqlite:///absolute/path`.
  const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (path === '') return `${EXPECTED}, got ${shown} (the path is empty)`;
  if (path === ':memory:') {
    return `in-memory SQLite is not supported (the host and its migrations need a file), got ${shown}`;
  }
  return {
    kind: 'sqlite',
    path: isAbsolute(path) ? path : resolve(cwd, path),
    displayUrl: raw,
  };
}

function parseMysqlUrl(raw: string, shown: string): DatabaseConfig | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${EXPECTED}, got ${shown} (not a valid URL)`;
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '') return `${EXPECTED}, got ${shown} (the host is missing)`;
  if (url.username === '') return `${EXPECTED}, got ${shown} (the user is missing)`;
  if (database === '' || database.includes('/')) {
    return `${EXPECTED}, got ${shown} (the database name is missing or has a "/")`;
  }
  if (url.search !== '' || url.hash !== '') {
    return `${EXPECTED}, got ${shown} (query parameters are not supported)`;
  }
  return {
    kind: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 3306 : Number(url.port),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    displayUrl: maskDatabaseUrl(raw),
  };
}
