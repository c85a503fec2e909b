import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import type { CsrEnvironment } from '../../core/csr';
import type { CompanyEntity } from '../entities/company.entity';
import { EgsCertificateEntity } from '../entities/egs-certificate.entity';
import { EgsCsrEntity } from '../entities/egs-csr.entity';
import { EgsKeyEntity } from '../entities/egs-key.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import type { EgsFlow } from '../onboarding/onboarding-state';
import { StepRecorder } from '../steps/step-recorder';
import { fatooraEnvironmentOf } from '../units/unit-environment';
import { unitCsrFields } from '../units/unit-csr-fields';
import { EGS_KEY_STORE, type EgsKeyStore } from './egs-key-store';

/**
 * Keys and CSRs of a unit for a flow. A key is reused until a certificate is issued for it
 * (then a renewal takes a fresh one); a CSR is reused only until ZATCA has seen it.
 */
@Injectable()
export class UnitKeys {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EGS_KEY_STORE) private readonly keys: EgsKeyStore,
    private readonly steps: StepRecorder,
  ) {}

  /** The key to put in the next CSR; `fresh` asks for one no certificate was issued for. */
  async keyFor(unit: EgsUnitEntity, flow: EgsFlow, actor: string): Promise<string> {
    const latest = await this.dataSource
      .getRepository(EgsKeyEntity)
      .findOne({ where: { unitId: unit.id }, order: { createdAt: 'DESC' } });
    if (latest) {
      const certified = await this.dataSource
        .getRepository(EgsCertificateEntity)
        .existsBy({ keyId: latest.id, kind: 'production' });
      // Onboarding reuses its key across retries; renewal rotates away from the certified key.
      if (!certified || flow === 'onboarding') return latest.id;
    }
    const keyId = await this.keys.createKey(unit.id);
    await this.steps.record(
      { unitId: unit.id, flow, step: 'key-generated', outcome: 'passed', detail: `key ${keyId}` },
      actor,
    );
    return keyId;
  }

  /** An unsent CSR for the key, made now if there is none. */
  async csrFor(
    unit: EgsUnitEntity,
    company: CompanyEntity,
    keyId: string,
    flow: EgsFlow,
    actor: string,
  ): Promise<EgsCsrEntity> {
    const repo = this.dataSource.getRepository(EgsCsrEntity);
    const unsent = await repo.findOne({
      where: { unitId: unit.id, keyId, flow, submittedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    if (unsent) return unsent;
    const environment: CsrEnvironment = fatooraEnvironmentOf(unit.environment);
    const csr = await this.keys.createCsr(keyId, unitCsrFields(unit, company), environment);
    const row: EgsCsrEntity = {
      id: randomUUID(),
      unitId: unit.id,
      keyId,
      flow,
      pem: csr.pem,
      submittedAt: null,
      createdAt: new Date(),
    };
    await repo.insert(row);
    await this.steps.record(
      { unitId: unit.id, flow, step: 'csr-created', outcome: 'passed', detail: `csr ${row.id}` },
      actor,
    );
    return row;
  }

  /** Before the CSR goes out: from now on it counts as seen by ZATCA, whatever happens next. */
  async markSubmitted(csr: EgsCsrEntity): Promise<void> {
    csr.submittedAt = new Date();
    await this.dataSource
      .getRepository(EgsCsrEntity)
      .update({ id: csr.id }, { submittedAt: csr.submittedAt });
  }
}
