/**
 * Host-side settings of the connectors (env: CONNECTOR_POLL_MS, CONNECTOR_WRITE_BACK_MS,
 * CONNECTOR_PUBLIC_URL).
 */
export interface ConnectorsConfig {
  /** How often each active connection is polled. */
  pollMs: number;
  /** How often the write-back outbox is looked at. */
  writeBackTickMs: number;
  /** First write-back retry delay; doubles per attempt up to writeBackMaxDelayMs. */
  writeBackRetryMs: number;
  writeBackMaxDelayMs: number;
  /** Run the timers (off in tests that drive the runner themselves). */
  schedule: boolean;
  /**
   * The base URL at which ERPs reach this host (e.g. https://zatca.example.com), for the
   * webhooks a connector sets up in the ERP; null: no webhooks are set up, polling only.
   */
  publicUrl: string | null;
}

export const CONNECTORS_CONFIG = Symbol('CONNECTORS_CONFIG');

export function loadConnectorsConfig(env: Record<string, string | undefined>): ConnectorsConfig {
  const ms = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 10) {
      throw new Error(`${name}: a whole number of milliseconds, at least 10 (got "${raw}")`);
    }
    return value;
  };
  const publicUrl = env.CONNECTOR_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) {
    throw new Error(
      `CONNECTOR_PUBLIC_URL: the base URL ERPs reach this host at, such as https://zatca.example.com (got "${publicUrl}")`,
    );
  }
  return {
    pollMs: ms('CONNECTOR_POLL_MS', 30_000),
    writeBackTickMs: ms('CONNECTOR_WRITE_BACK_MS', 2_000),
    writeBackRetryMs: 5_000,
    writeBackMaxDelayMs: 15 * 60_000,
    schedule: true,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
  };
}
