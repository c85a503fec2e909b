/** What replaces a secret in audit data. */
export const REDACTED = '[redacted]';

// Keys are compared lower-cased with separators removed, so `client_secret`, `clientSecret` and
// `Client-Secret` are all caught. A key is secret if it is one of these or ends with one of the
// suffixes (`accessToken`, `binarySecurityToken`, `dbPassword`).
const SECRET_KEYS = new Set(['otp', 'authorization', 'cookie', 'setcookie', 'privatekey']);
const SECRET_SUFFIXES = ['secret', 'password', 'token', 'privatekey', 'apikey', 'passphrase'];

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

/** A deep copy of `value` with every secret-like key's value replaced by `[redacted]`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretKey(key) ? REDACTED : redactSecrets(inner);
    }
    return out;
  }
  return value;
}
