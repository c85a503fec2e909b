import { REDACTED } from '../../audit';

/**
 * `text` without any of `secrets` and without credentials written into a URL
 * (`https://user:password@host` → `https://[redacted]@host`): for error texts the host keeps
 * in the database, the audit trail and the log.
 */
export function scrubCredentials(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`);
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}
