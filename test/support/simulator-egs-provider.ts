import {
  EgsCannotSignError,
  type EgsSigningContext,
  type EgsSigningProvider,
} from '../../src/egs/egs-signing-context';
import { parseCertificate } from '../../src/core/crypto';
import { privateKeyToPkcs8Pem } from '../../src/core/keys';
import { loadSigningCredentials } from '../../src/core/signing';
import { FatooraClient } from '../../src/fatoora';
import { onboard } from '../unit/simulator/onboard';
import { TestEgs } from '../unit/simulator/test-egs';

/** The VAT number of the onboarded test units (the SDK samples' seller). */
export const TEST_VAT = '399999999900003';

/**
 * Stands in for the EGS module in pipeline tests: onboards units against a running simulator
 * with the real client and core (key, CSR, compliance CSID with OTP 123345, the compliance
 * checks, production CSID) and serves their signing contexts.
 */
export class SimulatorEgsProvider implements EgsSigningProvider {
  private readonly units = new Map<string, EgsSigningContext>();

  constructor(private readonly simulatorUrl: string) {}

  /**
   * Onboards the unit directly; with `invoicesVia` (a proxy in front of the simulator) its
   * invoices are then sent there, so a test can take ZATCA away from them.
   */
  async onboard(unitId: string, invoicesVia?: string): Promise<EgsSigningContext> {
    const egs = new TestEgs(TEST_VAT, '1100', 'sandbox');
    const client = new FatooraClient({ environment: 'sandbox', host: this.simulatorUrl });
    const { pcsid } = await onboard(client, egs);
    const certificate = parseCertificate(pcsid.certificateBase64);
    const context: EgsSigningContext = {
      unitId,
      companyId: 'test-company',
      vatNumber: TEST_VAT,
      environment: 'sandbox',
      baseUrl: invoicesVia
        ? client.baseUrl.replace(this.simulatorUrl, invoicesVia)
        : client.baseUrl,
      credentials: loadSigningCredentials({
        privateKey: privateKeyToPkcs8Pem(egs.keys.privateKey),
        certificate: pcsid.certificateBase64,
        backend: 'secp256k1', // as the host signs by default (ZATCA_SIGNER)
      }),
      csid: { binarySecurityToken: pcsid.binarySecurityToken, secret: pcsid.secret },
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    };
    this.units.set(unitId, context);
    return context;
  }

  /** Replaces a unit's CSID secret (to make ZATCA answer 401). */
  breakCredentials(unitId: string): void {
    const context = this.units.get(unitId);
    if (context) context.csid = { ...context.csid, secret: 'wrong' };
  }

  signingContext(unitId: string, at: Date = new Date()): Promise<EgsSigningContext> {
    const context = this.units.get(unitId);
    if (!context) {
      return Promise.reject(new EgsCannotSignError(unitId, 'unknown-unit', `no unit ${unitId}`));
    }
    if (at > context.notAfter) {
      return Promise.reject(
        new EgsCannotSignError(unitId, 'certificate-expired', `certificate of ${unitId} expired`),
      );
    }
    return Promise.resolve(context);
  }
}
