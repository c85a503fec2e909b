import type { FatooraClient } from './fatoora-client';
import type { CsidResult, FatooraResult, IssuedCsid } from './fatoora-result';
import type { InvoiceSubmission } from './wire-types';

/** Builds the compliance samples for a CSID: they must be signed with that CSID's certificate. */
export type ComplianceSamples = (csid: IssuedCsid) => Promise<InvoiceSubmission[]>;

export type RenewalOutcome =
  | { step: 'renewed'; result: Extract<CsidResult, { kind: 'issued' }> }
  /** The PATCH itself, the compliance checks or the final PCSID call did not succeed. */
  | { step: 'renewal'; result: CsidResult }
  | { step: 'compliance-check'; csid: IssuedCsid; result: FatooraResult }
  | { step: 'production-csid'; csid: IssuedCsid; result: CsidResult };

/**
 * The whole renewal as ZATCA runs it (spec 6.3 #4): PATCH with the current PCSID and an OTP;
 * a 428 brings new NOT_COMPLIANT credentials, which must pass the compliance checks before
 * POST /production/csids with their requestID gives the renewed PCSID. A direct 200 is taken as is.
 */
export async function renewProductionCsid(
  client: FatooraClient,
  current: { binarySecurityToken: string; secret: string },
  csrPem: string,
  otp: string,
  samples: ComplianceSamples,
): Promise<RenewalOutcome> {
  const renewal = await client.renewProductionCsid(current, csrPem, otp);
  if (renewal.kind === 'issued') return { step: 'renewed', result: renewal };
  if (renewal.kind !== 'compliance-required') return { step: 'renewal', result: renewal };
  const csid = renewal.csid;
  for (const sample of await samples(csid)) {
    const check = await client.checkCompliance(csid, sample);
    if (check.kind !== 'accepted') return { step: 'compliance-check', csid, result: check };
  }
  const production = await client.requestProductionCsid(csid, csid.requestID);
  if (production.kind === 'issued') return { step: 'renewed', result: production };
  return { step: 'production-csid', csid, result: production };
}
