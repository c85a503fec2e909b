import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail.service';
import { forUpdate, inTransaction } from '../../database/transactions';
import { CompanyService } from '../companies/company.service';
import type { CompanyEntity } from '../entities/company.entity';
import { EgsUnitEntity } from '../entities/egs-unit.entity';
import { EgsConflictError, EgsInputError, EgsNotFoundError } from '../egs-errors';
import { parseInput } from '../zod-problems';
import { unitCsrProblems } from './unit-csr-fields';
import { invoiceTypeMap, UnitInputSchema } from './unit-input';

/** EGS units: created with every CSR rule checked up front, found by id or name. */
@Injectable()
export class UnitService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: CompanyService,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: unknown, actor = 'system'): Promise<EgsUnitEntity> {
    const valid = parseInput(UnitInputSchema, input);
    const company = await this.companies.get(valid.companyId).catch((err: unknown) => {
      if (err instanceof EgsNotFoundError) {
        throw new EgsInputError([
          { field: 'companyId', rule: `no company with id ${valid.companyId}` },
        ]);
      }
      throw err;
    });
    const now = new Date();
    const unit = Object.assign(new EgsUnitEntity(), {
      id: randomUUID(),
      companyId: company.id,
      name: valid.name,
      serialNumber: valid.serialNumber,
      branchName: valid.branchName,
      locationAddress: valid.locationAddress,
      businessCategory: valid.businessCategory,
      invoiceTypes: invoiceTypeMap(valid.invoiceTypes),
      environment: valid.environment,
      fatooraHost: valid.fatooraHost ?? null,
      onboardingState: 'new' as const,
      createdAt: now,
      updatedAt: now,
    });
    // A CSR ZATCA would refuse is refused now, naming the field, not days later at onboarding.
    const problems = unitCsrProblems(unit, company);
    if (problems.length > 0) throw new EgsInputError(problems);

    await inTransaction(this.dataSource, async (manager) => {
      const taken = await manager.findOneBy(EgsUnitEntity, { name: unit.name });
      if (taken) throw new EgsConflictError(`a unit named ${unit.name} already exists`);
      await manager.insert(EgsUnitEntity, unit);
      await this.audit.append(
        {
          stream: `egs:${unit.id}`,
          action: 'egs.unit.created',
          actor,
          subjectType: 'egs-unit',
          subjectId: unit.id,
          data: {
            name: unit.name,
            companyId: unit.companyId,
            environment: unit.environment,
            invoiceTypes: unit.invoiceTypes,
          },
        },
        manager,
      );
    });
    return unit;
  }

  list(companyId?: string): Promise<EgsUnitEntity[]> {
    return this.dataSource
      .getRepository(EgsUnitEntity)
      .find({ where: companyId ? { companyId } : {}, order: { createdAt: 'ASC', name: 'ASC' } });
  }

  /** By id or by name. */
  async find(idOrName: string): Promise<EgsUnitEntity> {
    const repo = this.dataSource.getRepository(EgsUnitEntity);
    const unit =
      (await repo.findOneBy({ id: idOrName })) ?? (await repo.findOneBy({ name: idOrName }));
    if (!unit) throw new EgsNotFoundError(`no EGS unit with id or name ${idOrName}`);
    return unit;
  }

  async withCompany(idOrName: string): Promise<{ unit: EgsUnitEntity; company: CompanyEntity }> {
    const unit = await this.find(idOrName);
    return { unit, company: await this.companies.get(unit.companyId) };
  }

  /** Re-reads the unit holding its row lock (MariaDB) inside `manager`'s transaction. */
  async lock(manager: EntityManager, unitId: string): Promise<EgsUnitEntity> {
    const rows: unknown[] = await manager.query(
      `SELECT id FROM egs_unit WHERE id = ?${forUpdate(manager)}`,
      [unitId],
    );
    if (rows.length === 0) throw new EgsNotFoundError(`no EGS unit with id ${unitId}`);
    return manager.findOneByOrFail(EgsUnitEntity, { id: unitId });
  }

  async setState(
    manager: EntityManager,
    unit: EgsUnitEntity,
    state: EgsUnitEntity['onboardingState'],
  ): Promise<void> {
    unit.onboardingState = state;
    unit.updatedAt = new Date();
    await manager.update(
      EgsUnitEntity,
      { id: unit.id },
      { onboardingState: state, updatedAt: unit.updatedAt },
    );
  }
}
