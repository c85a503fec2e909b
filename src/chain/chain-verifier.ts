import type { DataSource } from 'typeorm';
import { checkSignature, inspectInvoice } from '../core/signing';
import { INITIAL_PIH } from '../core/ubl';

export interface ChainProblem {
  unitId: string;
  icv: number;
  kind:
    | 'icv-gap'
    | 'pih-mismatch'
    | 'hash-mismatch'
    | 'signature-invalid'
    | 'certificate-not-valid-at-signing'
    | 'head-mismatch';
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  units: Array<{ unitId: string; checked: number; firstIcv: number; lastIcv: number }>;
  problems: ChainProblem[];
}

interface Row {
  uuid: string;
  icv: number | string;
  pih: string;
  invoice_hash: string;
  signed_xml: string;
  signed_at: string;
}

const PAGE = 500;

/**
 * Recomputes each stored document's hash, checks ICV continuity, PIH links, the signature, and
 * that its certificate was valid when it was signed; then that the chain head matches the end.
 * `last` limits the check to the last N documents of each unit (the first of them is trusted).
 */
export async function verifyChains(
  dataSource: DataSource,
  options: { unitId?: string; last?: number } = {},
): Promise<ChainVerification> {
  const heads: Array<{ unit_id: string; last_icv: number | string; last_hash: string }> =
    await dataSource.query(
      `SELECT unit_id, last_icv, last_hash FROM chain_heads${options.unitId ? ' WHERE unit_id = ?' : ''} ORDER BY unit_id`,
      options.unitId ? [options.unitId] : [],
    );
  const problems: ChainProblem[] = [];
  const units: ChainVerification['units'] = [];
  for (const head of heads) {
    const unitId = head.unit_id;
    const lastIcv = Number(head.last_icv);
    const fromIcv = options.last ? Math.max(1, lastIcv - options.last + 1) : 1;
    let expectedIcv = fromIcv;
    let prevHash: string | undefined = fromIcv === 1 ? INITIAL_PIH : undefined;
    let checked = 0;
    for (;;) {
      const rows: Row[] = await dataSource.query(
        'SELECT uuid, icv, pih, invoice_hash, signed_xml, signed_at FROM invoices WHERE unit_id = ? AND icv >= ? ORDER BY icv LIMIT ?',
        [unitId, expectedIcv, PAGE],
      );
      for (const row of rows) {
        const icv = Number(row.icv);
        const problem = (kind: ChainProblem['kind'], detail: string) =>
          problems.push({ unitId, icv, kind, detail });
        if (icv !== expectedIcv) problem('icv-gap', `expected ICV ${expectedIcv}`);
        if (prevHash !== undefined && row.pih !== prevHash) {
          problem('pih-mismatch', 'PIH is not the hash of the previous document');
        }
        const inspection = inspectInvoice(row.signed_xml);
        if (inspection.invoiceHash !== row.invoice_hash) {
          problem('hash-mismatch', 'the stored XML does not hash to the stored invoice hash');
        }
        const signature = checkSignature(inspection);
        if (!signature.passed) {
          problem('signature-invalid', signature.findings.map((f) => f.code).join(', '));
        }
        const cert = inspection.signature?.certificate;
        const signedAt = new Date(row.signed_at);
        if (!cert || signedAt < cert.notBefore || signedAt > cert.notAfter) {
          problem('certificate-not-valid-at-signing', `signed ${row.signed_at}`);
        }
        expectedIcv = icv + 1;
        prevHash = row.invoice_hash;
        checked++;
      }
      if (rows.length < PAGE) break;
    }
    if (expectedIcv - 1 !== lastIcv || (prevHash !== undefined && prevHash !== head.last_hash)) {
      problems.push({
        unitId,
        icv: lastIcv,
        kind: 'head-mismatch',
        detail: `head at ICV ${lastIcv}, documents end at ${expectedIcv - 1}`,
      });
    }
    units.push({ unitId, checked, firstIcv: fromIcv, lastIcv });
  }
  return { ok: problems.length === 0, units, problems };
}
