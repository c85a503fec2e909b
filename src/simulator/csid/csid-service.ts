import { randomBytes, randomInt } from 'node:crypto';
import { CsrParseError, parseCsr, type ParsedCsr } from '../../core/csr';
import type { FatooraEnvironment } from '../../fatoora/environments';
import { X509_TOKEN_TYPE } from '../../fatoora/wire-types';
import { csidError, unauthorized, type SimulatorAnswer } from '../answers/simulator-answer';
import type { CsidAuthenticator } from '../auth/csid-authenticator';
import { issueCertificate } from '../ca/csid-issuer';
import type { SimulatorCa } from '../ca/simulator-ca';
import type { OtpService } from '../otp/otp-service';
import type { SimulatorOptions } from '../simulator-options';
import { sha256Hex, type SimulatorState } from '../state/simulator-state';
import type { CsidKind, CsidRecord } from '../state/state-types';
import { missingSteps } from './compliance-steps';

/** The three CSID endpoints (spec 6.3 #1, #3, #4). */
export class CsidService {
  constructor(
    private readonly options: SimulatorOptions,
    private readonly state: SimulatorState,
    private readonly ca: SimulatorCa,
    private readonly otps: OtpService,
    private readonly auth: CsidAuthenticator,
  ) {}

  /** #1 POST /compliance: OTP + CSR → CCSID. */
  onboard(
    environment: FatooraEnvironment,
    otp: string | undefined,
    body: unknown,
  ): SimulatorAnswer {
    const csr = this.readCsr(environment, body);
    if ('status' in csr) return csr;
    const verdict = this.otps.consume(otp, 'onboarding', environment, csr.san.vatNumber);
    if (!verdict.ok) return otpError(verdict.reason);
    return this.issue(environment, 'compliance', csr, {}, 200, 'ISSUED');
  }

  /** #3 POST /production/csids: CCSID + its requestID → PCSID, once every compliance step passed. */
  production(
    environment: FatooraEnvironment,
    authorization: string | undefined,
    body: unknown,
  ): SimulatorAnswer {
    const auth = this.auth.authenticate(authorization, environment, 'compliance');
    if (!auth.ok) return unauthorized();
    const requestId = readField(body, 'compliance_request_id');
    if (requestId === undefined || requestId !== auth.csid.requestId) {
      return csidError(
        400,
        'Invalid-Request-ID',
        'The compliance_request_id does not belong to the authenticated compliance CSID',
      );
    }
    const missing = missingSteps(auth.csid.invoiceType, auth.csid.compliancePassed);
    if (missing.length > 0) {
      return csidError(
        400,
        'Missing-ComplianceSteps',
        `Compliance steps not completed: [${missing.join(',')}]`,
      );
    }
    const csr = parseCsr(Buffer.from(auth.csid.csrDerBase64, 'base64'));
    return this.issue(
      environment,
      'production',
      csr,
      { complianceRequestId: auth.csid.requestId },
      200,
      'ISSUED',
    );
  }

  /** #4 PATCH /production/csids: PCSID + OTP + CSR → 428 with new NOT_COMPLIANT credentials. */
  renew(
    environment: FatooraEnvironment,
    authorization: string | undefined,
    otp: string | undefined,
    body: unknown,
  ): SimulatorAnswer {
    const auth = this.auth.authenticate(authorization, environment, 'production');
    if (!auth.ok) return unauthorized();
    const csr = this.readCsr(environment, body);
    if ('status' in csr) return csr;
    if (csr.san.vatNumber !== auth.csid.vatNumber) {
      return csidError(
        400,
        'Invalid-CSR',
        `The CSR's VAT number (UID) ${csr.san.vatNumber} is not the VAT number of the CSID being renewed`,
      );
    }
    const verdict = this.otps.consume(otp, 'renewal', environment, csr.san.vatNumber);
    if (!verdict.ok) return otpError(verdict.reason);
    return this.issue(
      environment,
      'compliance',
      csr,
      { renewalOf: auth.csid.requestId },
      428,
      'NOT_COMPLIANT',
    );
  }

  private readCsr(environment: FatooraEnvironment, body: unknown): ParsedCsr | SimulatorAnswer {
    const text = readField(body, 'csr');
    if (!text) return csidError(400, 'Missing-CSR', 'The request body must contain "csr"');
    let csr: ParsedCsr;
    try {
      csr = parseCsr(text);
    } catch (err) {
      const detail =
        err instanceof CsrParseError || err instanceof Error ? err.message : String(err);
      return csidError(400, 'Invalid-CSR', `The provided CSR is invalid: ${detail}`);
    }
    if (csr.inputForm !== 'api-base64') {
      return csidError(400, 'Invalid-CSR', 'The CSR must be base64 of its PEM text (spec 5.4)');
    }
    if (!csr.signatureValid)
      return csidError(400, 'Invalid-CSR', 'The CSR signature does not verify with its public key');
    if (csr.environment !== environment) {
      return csidError(
        400,
        'Invalid-CSR',
        `The certificate template name ${csr.templateName} is not for this environment`,
      );
    }
    return csr;
  }

  private issue(
    environment: FatooraEnvironment,
    kind: CsidKind,
    csr: ParsedCsr,
    links: Pick<CsidRecord, 'renewalOf' | 'complianceRequestId'>,
    status: 200 | 428,
    dispositionMessage: string,
  ): SimulatorAnswer {
    const now = this.options.now();
    const validityDays =
      kind === 'compliance'
        ? this.options.complianceValidityDays
        : this.options.productionValidityDays;
    const certificate = issueCertificate(this.ca, { csr, environment, validityDays, now });
    const secret = randomBytes(32).toString('base64');
    const requestId = this.newRequestId();
    this.state.addCsid({
      requestId,
      kind,
      environment,
      certificateBase64: certificate.base64,
      serialNumber: certificate.serialNumber,
      secretHash: sha256Hex(secret),
      vatNumber: csr.san.vatNumber,
      invoiceType: csr.san.invoiceType,
      commonName: csr.subject.commonName,
      csrDerBase64: csr.der.toString('base64'),
      issuedAt: now.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      revoked: false,
      compliancePassed: [],
      ...links,
    });
    return {
      status,
      body: {
        requestID: Number(requestId),
        tokenType: X509_TOKEN_TYPE,
        dispositionMessage,
        binarySecurityToken: Buffer.from(certificate.base64, 'ascii').toString('base64'),
        secret,
        errors: null,
      },
    };
  }

  /** 13-digit numeric request IDs like ZATCA's. */
  private newRequestId(): string {
    for (;;) {
      const id = String(randomInt(1_000_000_000_000, 9_999_999_999_999));
      if (!this.state.csidByRequestId(id)) return id;
    }
  }
}

function readField(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[field];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function otpError(reason: 'invalid' | 'expired' | 'vat-mismatch'): SimulatorAnswer {
  const messages = {
    invalid: 'The provided OTP is invalid',
    expired: 'The provided OTP has expired',
    'vat-mismatch': 'The provided OTP was not issued for the VAT number in the CSR',
  };
  return csidError(400, reason === 'expired' ? 'Expired-OTP' : 'Invalid-OTP', messages[reason]);
}
