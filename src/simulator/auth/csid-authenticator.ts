import { timingSafeEqual } from 'node:crypto';
import type { FatooraEnvironment } from '../../fatoora/environments';
import { sha256Hex, type SimulatorState } from '../state/simulator-state';
import type { CsidKind, CsidRecord } from '../state/state-types';

export type AuthVerdict = { ok: true; csid: CsidRecord } | { ok: false; reason: string };

/**
 * Basic auth as Fatoora checks it (spec 6.2): user = binarySecurityToken exactly as issued,
 * password = secret. The CSID must be of the kind the endpoint wants (a CCSID on renewal
 * gives 401, spec 6.3 #4), of this environment, not revoked.
 */
export class CsidAuthenticator {
  constructor(private readonly state: SimulatorState) {}

  authenticate(
    header: string | undefined,
    environment: FatooraEnvironment,
    kind: CsidKind,
  ): AuthVerdict {
    const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!match) return { ok: false, reason: 'missing Basic authorization' };
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, reason: 'malformed Basic credentials' };
    const token = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const certificateBase64 = Buffer.from(token, 'base64').toString('ascii');
    const csid = this.state.csidByCertificate(certificateBase64);
    if (!csid || !sameHash(csid.secretHash, sha256Hex(secret)))
      return { ok: false, reason: 'unknown CSID or wrong secret' };
    if (csid.environment !== environment)
      return { ok: false, reason: `CSID belongs to ${csid.environment}` };
    if (csid.kind !== kind) return { ok: false, reason: `a ${kind} CSID is required` };
    if (csid.revoked) return { ok: false, reason: 'CSID revoked' };
    return { ok: true, csid };
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
