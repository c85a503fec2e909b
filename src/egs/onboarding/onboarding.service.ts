import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transactions';
import type { FatooraClient } from '../../fatoora/fatoora-client';
import { CertificateStore } from '../certificates/certificate-store';
import { ComplianceChecks } from '../compliance/compliance-checks';
import type { CompanyEntity } from '../entities/company.entity';
import type { EgsCertificateEntity } from '../entities/egs-certificate.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { EgsConflictError, EgsInputError } from '../egs-errors';
import { UnitFatoora } from '../fatoora/unit-fatoora';
import { UnitKeys } from '../keys/unit-keys';
import { StepRecorder } from '../steps/step-recorder';
import { unitCsrProblems } from '../units/unit-csr-fields';
import { UnitLocks } from '../units/unit-locks';
import { UnitService } from '../units/unit.service';
import { csidHint } from './zatca-answers';

export interface OnboardingResult {
  unitId: string;
  name: string;
  state: 'onboarded';
  certificate: { serialNumber: string; notBefore: string; notAfter: string };
}

/**
 * Onboarding in one call (spec 6.3 #1-#3): key, CSR, compliance CSID with the OTP, the
 * compliance checks of every declared document type, the production CSID. The state is kept
 * per unit, so a rerun continues from the step that failed.
 */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitService,
    private readonly unitKeys: UnitKeys,
    private readonly certificates: CertificateStore,
    private readonly checks: ComplianceChecks,
    private readonly steps: StepRecorder,
    private readonly fatoora: UnitFatoora,
    private readonly locks: UnitLocks,
  ) {}

  async onboard(
    unitRef: string,
    otp: string | undefined,
    actor = 'system',
  ): Promise<OnboardingResult> {
    const { unit, company } = await this.units.withCompany(unitRef);
    return this.locks.run(unit.id, 'onboarding', async () => {
      if (unit.onboardingState === 'onboarded') {
        const active = await this.certificates.activeProduction(unit.id);
        throw new EgsConflictError(
          `unit ${unit.name} is already onboarded` +
            (active
              ? ` (production certificate valid until ${active.notAfter.toISOString()})`
              : '') +
            `; to replace its certificate run \`zatca egs renew ${unit.name} --otp <OTP>\``,
        );
      }
      const problems = unitCsrProblems(unit, company);
      if (problems.length > 0) throw new EgsInputError(problems);

      const client = this.fatoora.client(unit);
      const compliance =
        (await this.usableCompliance(unit, actor)) ??
        (await this.requestComplianceCsid(client, unit, company, otp, actor));
      await this.checks.run(client, unit, company, compliance, 'onboarding', actor);
      if (unit.onboardingState !== 'compliance-checks-passed') {
        await inTransaction(this.dataSource, (m) =>
          this.units.setState(m, unit, 'compliance-checks-passed'),
        );
      }
      const production = await this.requestProductionCsid(client, unit, compliance, actor);
      return {
        unitId: unit.id,
        name: unit.name,
        state: 'onboarded',
        certificate: {
          serialNumber: production.serialNumber,
          notBefore: production.notBefore.toISOString(),
          notAfter: production.notAfter.toISOString(),
        },
      };
    });
  }

  /** A compliance CSID from an earlier run, if it can still be used. */
  private async usableCompliance(
    unit: EgsUnitEntity,
    actor: string,
  ): Promise<EgsCertificateEntity | null> {
    const pending = await this.certificates.latest(
      unit.id,
      'compliance',
      ['pending'],
      'onboarding',
    );
    if (!pending) return null;
    if (pending.notAfter.getTime() > Date.now()) return pending;
    // Its checks can no longer run: start again from a new CSR (which needs a new OTP).
    await inTransaction(this.dataSource, async (m) => {
      await this.certificates.setStatus(m, pending, 'abandoned');
      await this.steps.record(
        {
          unitId: unit.id,
          flow: 'onboarding',
          step: 'compliance-csid',
          outcome: 'failed',
          certificateId: pending.id,
          detail: `the compliance CSID expired on ${pending.notAfter.toISOString()} before its checks passed; requesting a new one`,
        },
        actor,
        m,
      );
    });
    return null;
  }

  private async requestComplianceCsid(
    client: FatooraClient,
    unit: EgsUnitEntity,
    company: CompanyEntity,
    otp: string | undefined,
    actor: string,
  ): Promise<EgsCertificateEntity> {
    if (!otp) {
      throw new EgsInputError([
        {
          field: 'otp',
          rule: 'is required: the next step asks ZATCA for a compliance CSID, which needs an OTP from the Fatoora portal',
        },
      ]);
    }
    const keyId = await this.unitKeys.keyFor(unit, 'onboarding', actor);
    if (unit.onboardingState === 'new') {
      await inTransaction(this.dataSource, (m) => this.units.setState(m, unit, 'key-generated'));
    }
    const csr = await this.unitKeys.csrFor(unit, company, keyId, 'onboarding', actor);
    await inTransaction(this.dataSource, (m) => this.units.setState(m, unit, 'csr-created'));

    await this.unitKeys.markSubmitted(csr);
    const result = await client.requestComplianceCsid(csr.pem, otp);
    if (result.kind !== 'issued') {
      return this.steps.failCsidStep(
        { unitId: unit.id, flow: 'onboarding', step: 'compliance-csid' },
        result,
        csidHint(result, { verb: 'onboard', unit: unit.name }),
        actor,
      );
    }
    return inTransaction(this.dataSource, async (m) => {
      const cert = await this.certificates.save(
        m,
        {
          unitId: unit.id,
          keyId,
          csrId: csr.id,
          kind: 'compliance',
          flow: 'onboarding',
          status: 'pending',
        },
        result.csid,
      );
      await this.units.setState(m, unit, 'compliance-csid-issued');
      await this.steps.record(
        {
          unitId: unit.id,
          flow: 'onboarding',
          step: 'compliance-csid',
          outcome: 'passed',
          certificateId: cert.id,
          detail: `requestID ${cert.requestId}, valid until ${cert.notAfter.toISOString()}`,
        },
        actor,
        m,
      );
      return cert;
    });
  }

  private async requestProductionCsid(
    client: FatooraClient,
    unit: EgsUnitEntity,
    compliance: EgsCertificateEntity,
    actor: string,
  ): Promise<EgsCertificateEntity> {
    const result = await client.requestProductionCsid(
      this.certificates.credentials(compliance),
      compliance.requestId,
    );
    if (result.kind !== 'issued') {
      return this.steps.failCsidStep(
        {
          unitId: unit.id,
          flow: 'onboarding',
          step: 'production-csid',
          certificateId: compliance.id,
        },
        result,
        `Run \`zatca egs onboard ${unit.name}\` again to retry this step (no new OTP is needed while the compliance CSID is valid)`,
        actor,
      );
    }
    return inTransaction(this.dataSource, async (m) => {
      const locked = await this.units.lock(m, unit.id);
      const production = await this.certificates.save(
        m,
        {
          unitId: unit.id,
          keyId: compliance.keyId,
          csrId: compliance.csrId,
          kind: 'production',
          flow: 'onboarding',
          status: 'active',
        },
        result.csid,
      );
      await this.certificates.setStatus(m, compliance, 'superseded');
      await this.units.setState(m, locked, 'onboarded');
      unit.onboardingState = 'onboarded';
      await this.steps.record(
        {
          unitId: unit.id,
          flow: 'onboarding',
          step: 'production-csid',
          outcome: 'passed',
          certificateId: production.id,
          detail: `production CSID ${production.requestId}, valid ${production.notBefore.toISOString()} to ${production.notAfter.toISOString()}`,
        },
        actor,
        m,
      );
      return production;
    });
  }
}
