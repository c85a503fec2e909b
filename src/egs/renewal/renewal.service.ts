import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transactions';
import type { FatooraClient } from '../../fatoora/fatoora-client';
import type { IssuedCsid } from '../../fatoora/fatoora-result';
import { CertificateStore } from '../certificates/certificate-store';
import { ComplianceChecks } from '../compliance/compliance-checks';
import type { EgsCertificateEntity } from '../entities/egs-certificate.entity';
import type { EgsCsrEntity } from '../entities/egs-csr.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { EgsConflictError, EgsInputError } from '../egs-errors';
import { UnitFatoora } from '../fatoora/unit-fatoora';
import { UnitKeys } from '../keys/unit-keys';
import { csidHint } from '../onboarding/zatca-answers';
import { StepRecorder } from '../steps/step-recorder';
import { UnitLocks } from '../units/unit-locks';
import { UnitService } from '../units/unit.service';

export interface RenewalResult {
  unitId: string;
  name: string;
  previous: { serialNumber: string; notAfter: string };
  certificate: { serialNumber: string; notBefore: string; notAfter: string };
}

/**
 * Renewal (spec 6.3 #4): a fresh key and CSR, PATCH /production/csids with the current PCSID
 * and the OTP; on 428 the compliance checks with the new credentials, then the new PCSID. The
 * new certificate replaces the old one in one transaction; the old one is kept as history. The
 * unit keeps signing with the old certificate until the swap, so there is no gap.
 */
@Injectable()
export class RenewalService {
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

  async renew(unitRef: string, otp: string | undefined, actor = 'system'): Promise<RenewalResult> {
    const { unit, company } = await this.units.withCompany(unitRef);
    return this.locks.run(unit.id, 'renewal', async () => {
      const current = await this.certificates.activeProduction(unit.id);
      if (unit.onboardingState !== 'onboarded' || !current) {
        throw new EgsConflictError(
          `unit ${unit.name} is not onboarded yet: run \`zatca egs onboard ${unit.name} --otp <OTP>\` first`,
        );
      }
      const client = this.fatoora.client(unit);
      // A 428 from an earlier run whose checks or PCSID call failed: continue with it, no OTP needed.
      let pending = await this.certificates.latest(unit.id, 'compliance', ['pending'], 'renewal');
      if (pending && pending.notAfter.getTime() <= Date.now()) {
        await inTransaction(this.dataSource, (m) =>
          this.certificates.setStatus(m, pending!, 'abandoned'),
        );
        pending = null;
      }
      if (!pending) {
        if (!otp) {
          throw new EgsInputError([
            {
              field: 'otp',
              rule: 'is required: ZATCA asks for an OTP from the Fatoora portal to renew a CSID',
            },
          ]);
        }
        const keyId = await this.unitKeys.keyFor(unit, 'renewal', actor);
        const csr = await this.unitKeys.csrFor(unit, company, keyId, 'renewal', actor);
        await this.unitKeys.markSubmitted(csr);
        const answer = await client.renewProductionCsid(
          this.certificates.credentials(current),
          csr.pem,
          otp,
        );
        if (answer.kind === 'issued') {
          await this.recordRequest(unit, actor, `issued directly (HTTP 200)`);
          return this.swap(unit, current, { keyId, csrId: csr.id }, answer.csid, null, actor);
        }
        if (answer.kind !== 'compliance-required') {
          return this.steps.failCsidStep(
            { unitId: unit.id, flow: 'renewal', step: 'renewal-request' },
            answer,
            csidHint(answer, { verb: 'renew', unit: unit.name }),
            actor,
          );
        }
        pending = await this.savePending(unit, csr, keyId, answer.csid, actor);
      }
      await this.checks.run(client, unit, company, pending, 'renewal', actor);
      const production = await this.productionCsid(client, unit, pending, actor);
      return this.swap(
        unit,
        current,
        { keyId: pending.keyId, csrId: pending.csrId },
        production,
        pending,
        actor,
      );
    });
  }

  private async recordRequest(
    unit: EgsUnitEntity,
    actor: string,
    detail: string,
    certificateId?: string,
  ) {
    await this.steps.record(
      {
        unitId: unit.id,
        flow: 'renewal',
        step: 'renewal-request',
        outcome: 'passed',
        certificateId,
        detail,
      },
      actor,
    );
  }

  private savePending(
    unit: EgsUnitEntity,
    csr: EgsCsrEntity,
    keyId: string,
    csid: IssuedCsid,
    actor: string,
  ): Promise<EgsCertificateEntity> {
    return inTransaction(this.dataSource, async (m) => {
      const cert = await this.certificates.save(
        m,
        {
          unitId: unit.id,
          keyId,
          csrId: csr.id,
          kind: 'compliance',
          flow: 'renewal',
          status: 'pending',
        },
        csid,
      );
      await this.steps.record(
        {
          unitId: unit.id,
          flow: 'renewal',
          step: 'renewal-request',
          outcome: 'passed',
          certificateId: cert.id,
          detail: 'HTTP 428: new credentials issued, compliance checks required',
        },
        actor,
        m,
      );
      return cert;
    });
  }

  private async productionCsid(
    client: FatooraClient,
    unit: EgsUnitEntity,
    pending: EgsCertificateEntity,
    actor: string,
  ): Promise<IssuedCsid> {
    const result = await client.requestProductionCsid(
      this.certificates.credentials(pending),
      pending.requestId,
    );
    if (result.kind === 'issued') return result.csid;
    return this.steps.failCsidStep(
      { unitId: unit.id, flow: 'renewal', step: 'production-csid', certificateId: pending.id },
      result,
      `Run \`zatca egs renew ${unit.name}\` again to retry (no new OTP is needed while the renewal's compliance CSID is valid)`,
      actor,
    );
  }

  /** The new PCSID becomes the unit's signing certificate and the old one history, atomically. */
  private swap(
    unit: EgsUnitEntity,
    previous: EgsCertificateEntity,
    origin: { keyId: string; csrId: string },
    csid: IssuedCsid,
    pending: EgsCertificateEntity | null,
    actor: string,
  ): Promise<RenewalResult> {
    return inTransaction(this.dataSource, async (m) => {
      await this.units.lock(m, unit.id);
      const current = await this.certificates.activeProduction(unit.id, m);
      if (!current || current.id !== previous.id) {
        throw new EgsConflictError(
          `unit ${unit.name}'s certificate changed during the renewal; run \`zatca egs status ${unit.name}\``,
        );
      }
      const renewed = await this.certificates.save(
        m,
        { unitId: unit.id, ...origin, kind: 'production', flow: 'renewal', status: 'active' },
        csid,
      );
      await this.certificates.setStatus(m, current, 'superseded');
      if (pending) await this.certificates.setStatus(m, pending, 'superseded');
      await this.steps.record(
        {
          unitId: unit.id,
          flow: 'renewal',
          step: 'certificate-swapped',
          outcome: 'passed',
          certificateId: renewed.id,
          detail: `certificate ${current.serialNumber} (until ${current.notAfter.toISOString()}) replaced by ${renewed.serialNumber} (until ${renewed.notAfter.toISOString()})`,
        },
        actor,
        m,
      );
      return {
        unitId: unit.id,
        name: unit.name,
        previous: { serialNumber: current.serialNumber, notAfter: current.notAfter.toISOString() },
        certificate: {
          serialNumber: renewed.serialNumber,
          notBefore: renewed.notBefore.toISOString(),
          notAfter: renewed.notAfter.toISOString(),
        },
      };
    });
  }
}
