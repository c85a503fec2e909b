import type { ParsedCertificate } from '../../core/crypto';
import type { FatooraEnvironment } from '../../fatoora/environments';
import type { Message } from '../answers/simulator-answer';
import type { SimulatorCa } from '../ca/simulator-ca';
import type { SimulatorState } from '../state/simulator-state';
import type { Verdicts } from './document-validator';

const CERT = 'CERTIFICATE_ERRORS';

export interface CertificateCheckInput {
  environment: FatooraEnvironment;
  certificate: ParsedCertificate;
  sellerVat: string | undefined;
  now: Date;
  strict: boolean;
}

/**
 * Trust in the signing certificate (spec 7.2 "certificate-issuer-name / invalid-signing-
 * certificate"): issued by this environment's CA and for the seller's VAT number — ZATCA
 * answers these with warnings, so does the simulator unless strict. Expired or revoked
 * certificates are always errors.
 */
export function checkCertificate(
  ca: SimulatorCa,
  state: SimulatorState,
  input: CertificateCheckInput,
): Verdicts {
  const verdicts: Verdicts = { info: [], warnings: [], errors: [] };
  const soft = (m: Message) => (input.strict ? verdicts.errors : verdicts.warnings).push(m);
  const { certificate } = input;
  if (!ca.issued(input.environment, certificate)) {
    soft({
      code: 'certificate-issuer-name',
      category: CERT,
      message: `X509Certificate used for signing was not issued by the ${input.environment} CA of this simulator`,
    });
  }
  if (certificate.notAfter < input.now || certificate.notBefore > input.now) {
    verdicts.errors.push({
      code: 'certificate-expired',
      category: CERT,
      message: 'The signing certificate is expired or not yet valid',
    });
  }
  if (state.csidBySerial(certificate.serialNumber)?.revoked) {
    verdicts.errors.push({
      code: 'certificate-revoked',
      category: CERT,
      message: 'The signing certificate has been revoked',
    });
  }
  if (!input.sellerVat || certificate.vatNumber !== input.sellerVat) {
    soft({
      code: 'invalid-signing-certificate',
      category: CERT,
      message:
        'X509Certificate (CCSID / PCSID) used for signing is not valid certificate for this VAT Registration Number',
    });
  }
  return verdicts;
}
