import { signInvoice, type SignedInvoice, type SigningCredentials } from '../signing';
import type { ChainValues } from '../ubl/chain-values';
import { prepareInvoice, type PreparedInvoice } from './prepare-invoice';

export interface IssueOptions extends ChainValues {
  credentials: SigningCredentials;
  /** xades:SigningTime; default now (see src/core/signing/signing-time.ts). */
  signingTime?: string | Date;
}

export interface IssuedInvoice extends PreparedInvoice {
  signed: SignedInvoice;
}

/**
 * Canonical JSON to signed UBL: validate model -> compute and check totals -> render -> sign.
 * Nothing is signed when any step before signing refuses the document.
 */
export function issueInvoice(input: unknown, options: IssueOptions): IssuedInvoice {
  const prepared = prepareInvoice(input, { icv: options.icv, pih: options.pih });
  const signed = signInvoice(prepared.unsigned, options.credentials, {
    signingTime: options.signingTime,
  });
  return { ...prepared, signed };
}
