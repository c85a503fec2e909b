import type { DataSource } from 'typeorm';
import type { SimulatorExchange } from '../../src/simulator/exchange-log';
import type { RunningSimulator } from '../../src/simulator/standalone';

export interface AuditStep {
  action: string;
  at: string;
  stream: string;
  actor: string;
  data: Record<string, unknown>;
}

/** An invoice's audit entries in the order they were written, with their data parsed. */
export async function auditOf(ds: DataSource, uuid: string): Promise<AuditStep[]> {
  const rows: Array<{ action: string; at: string; stream: string; actor: string; data: string }> =
    await ds.query(
      "SELECT action, at, stream, actor, data FROM audit_entries WHERE subject_type = 'invoice' AND subject_id = ? ORDER BY id",
      [uuid],
    );
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/** Invoices per state, e.g. `{ pending: 3, cleared: 2 }`. */
export async function statesOf(ds: DataSource): Promise<Record<string, number>> {
  const rows: Array<{ state: string; n: number | string }> = await ds.query(
    'SELECT state, COUNT(*) AS n FROM invoices GROUP BY state',
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** The reporting and clearance calls the simulator received for one invoice, in order. */
export function exchangesFor(sim: RunningSimulator, uuid: string): SimulatorExchange[] {
  return sim.simulator.exchanges
    .list()
    .filter(
      (e) =>
        /\/invoices\/(reporting|clearance)\/single$/.test(e.path) &&
        (e.requestBody as { uuid?: string } | null)?.uuid === uuid,
    );
}
