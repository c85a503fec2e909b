import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseCertificate } from '../../core/crypto/certificate';
import { assertKeyMatchesCertificate, type SigningCredentials } from '../../core/signing';
import { CertificateStore } from '../certificates/certificate-store';
import {
  EgsCannotSignError,
  type EgsSigningContext,
  type EgsSigningProvider,
} from '../egs-signing-context';
import { CompanyEntity } from '../entities/company.entity';
import type { EgsCertificateEntity } from '../entities/egs-certificate.entity';
import { EgsUnitEntity } from '../entities/egs-unit.entity';
import { UnitFatoora } from '../fatoora/unit-fatoora';
import { EGS_KEY_STORE, type EgsKeyStore } from '../keys/egs-key-store';

/**
 * The pipeline's way to sign for a unit (EGS_SIGNING_PROVIDER). Only the active production
 * certificate signs, and only inside its validity: an expired unit stops with
 * EgsCannotSignError, never silently.
 */
@Injectable()
export class EgsSigningService implements EgsSigningProvider {
  // Decrypting and checking once per certificate, not per invoice.
  private readonly credentialsCache = new Map<string, SigningCredentials>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly certificates: CertificateStore,
    private readonly fatoora: UnitFatoora,
    @Inject(EGS_KEY_STORE) private readonly keys: EgsKeyStore,
  ) {}

  async signingContext(unitId: string, at: Date = new Date()): Promise<EgsSigningContext> {
    // Callers (the intake, an ERP mapping) may name the unit as its admin does; the context
    // always carries the id.
    const units = this.dataSource.getRepository(EgsUnitEntity);
    const unit =
      (await units.findOneBy({ id: unitId })) ?? (await units.findOneBy({ name: unitId }));
    if (!unit)
      throw new EgsCannotSignError(unitId, 'unknown-unit', `no EGS unit with id or name ${unitId}`);
    const cert = await this.certificates.activeProduction(unit.id);
    if (unit.onboardingState !== 'onboarded' || !cert) {
      throw new EgsCannotSignError(
        unitId,
        'not-onboarded',
        `EGS unit ${unit.name} is not onboarded (state ${unit.onboardingState}): run \`zatca egs onboard ${unit.name} --otp <OTP>\``,
      );
    }
    if (at.getTime() > cert.notAfter.getTime()) {
      throw new EgsCannotSignError(
        unitId,
        'certificate-expired',
        `EGS unit ${unit.name} cannot sign: its production certificate ${cert.serialNumber} expired on ` +
          `${cert.notAfter.toISOString()}. Signing is stopped for this unit until it is renewed: ` +
          `\`zatca egs renew ${unit.name} --otp <OTP>\``,
      );
    }
    if (at.getTime() < cert.notBefore.getTime()) {
      throw new EgsCannotSignError(
        unitId,
        'certificate-not-yet-valid',
        `EGS unit ${unit.name} cannot sign at ${at.toISOString()}: its production certificate is valid from ${cert.notBefore.toISOString()}`,
      );
    }
    const company = await this.dataSource
      .getRepository(CompanyEntity)
      .findOneByOrFail({ id: unit.companyId });
    const endpoint = this.fatoora.endpoint(unit);
    return {
      unitId: unit.id,
      companyId: unit.companyId,
      vatNumber: company.vatNumber,
      environment: endpoint.environment,
      baseUrl: endpoint.override,
      credentials: await this.credentials(cert),
      csid: this.certificates.credentials(cert),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
    };
  }

  private async credentials(cert: EgsCertificateEntity): Promise<SigningCredentials> {
    const cached = this.credentialsCache.get(cert.id);
    if (cached) return cached;
    const credentials = {
      signer: await this.keys.signer(cert.keyId),
      certificate: parseCertificate(cert.certificateBase64),
    };
    assertKeyMatchesCertificate(credentials);
    this.credentialsCache.set(cert.id, credentials);
    return credentials;
  }
}
