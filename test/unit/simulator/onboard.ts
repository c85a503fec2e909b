import type { FatooraClient, IssuedCsid } from '../../../src/fatoora';
import { INITIAL_PIH, type SampleName, type TestEgs } from './test-egs';

const STEP_SAMPLES: Record<string, SampleName[]> = {
  '1100': [
    'standardInvoice',
    'standardCredit',
    'standardDebit',
    'simplifiedInvoice',
    'simplifiedCredit',
    'simplifiedDebit',
  ],
  '1000': ['standardInvoice', 'standardCredit', 'standardDebit'],
  '0100': ['simplifiedInvoice', 'simplifiedCredit', 'simplifiedDebit'],
};

export function complianceSamples(egs: TestEgs, csid: IssuedCsid) {
  return STEP_SAMPLES[egs.invoiceType].map(
    (s, i) => egs.sign(s, csid, { icv: i + 1, pih: INITIAL_PIH }).submission,
  );
}

/** The whole onboarding through the client: CCSID, the compliance checks, PCSID. */
export async function onboard(
  client: FatooraClient,
  egs: TestEgs,
  otp = '123345',
): Promise<{ ccsid: IssuedCsid; pcsid: IssuedCsid }> {
  const compliance = await client.requestComplianceCsid(egs.csrPem(), otp);
  if (compliance.kind !== 'issued')
    throw new Error(`onboarding failed: ${JSON.stringify(compliance)}`);
  const ccsid = compliance.csid;
  for (const submission of complianceSamples(egs, ccsid)) {
    const check = await client.checkCompliance(ccsid, submission);
    if (check.kind !== 'accepted')
      throw new Error(`compliance check failed: ${JSON.stringify(check)}`);
  }
  const production = await client.requestProductionCsid(ccsid, ccsid.requestID);
  if (production.kind !== 'issued')
    throw new Error(`production CSID failed: ${JSON.stringify(production)}`);
  return { ccsid, pcsid: production.csid };
}
