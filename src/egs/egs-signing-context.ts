import type { FatooraEnvironment } from '../fatoora/environments';
import type { CsidCredentials } from '../fatoora';
import type { SigningCredentials } from '../core/signing';

/**
 * What the invoice pipeline needs from an onboarded EGS unit to sign and submit: its signer and
 * production certificate, the CSID credentials for Fatoora, and where to send. Produced by the
 * EGS module (src/egs), which keeps the private key encrypted at rest.
 */
export interface EgsSigningContext {
  unitId: string;
  companyId: string;
  /** Seller VAT number; the certificate's VAT number equals it. */
  vatNumber: string;
  environment: FatooraEnvironment;
  /** Base URL override (the built-in simulator, a proxy); undefined means ZATCA's own. */
  baseUrl?: string;
  credentials: SigningCredentials;
  csid: CsidCredentials;
  /** Production certificate validity; signing after notAfter is refused. */
  notBefore: Date;
  notAfter: Date;
}

/** Thrown when a unit cannot sign now: not onboarded, certificate expired or not yet valid. */
export class EgsCannotSignError extends Error {
  override readonly name = 'EgsCannotSignError';
  constructor(
    readonly unitId: string,
    readonly reason:
      'not-onboarded' | 'certificate-expired' | 'certificate-not-yet-valid' | 'unknown-unit',
    message: string,
  ) {
    super(message);
  }
}

/** Implemented by the EGS module; injected into the pipeline under this token. */
export interface EgsSigningProvider {
  /**
   * The unit's current signing context, valid at `at` (default now), or EgsCannotSignError.
   * `unitId` may also be the unit's name; the context carries the id.
   */
  signingContext(unitId: string, at?: Date): Promise<EgsSigningContext>;
}

export const EGS_SIGNING_PROVIDER = Symbol('EGS_SIGNING_PROVIDER');
