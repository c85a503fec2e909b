import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail.service';
import { inTransaction } from '../../database/transactions';
import { CompanyEntity } from '../entities/company.entity';
import { EgsNotFoundError } from '../egs-errors';
import { parseInput } from '../zod-problems';
import { CompanyInputSchema } from './company-input';

/** Companies (sellers). Each is its own row: two with one VAT number never overwrite each other. */
@Injectable()
export class CompanyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: unknown, actor = 'system'): Promise<CompanyEntity> {
    const valid = parseInput(CompanyInputSchema, input);
    const company = Object.assign(new CompanyEntity(), {
      id: randomUUID(),
      vatNumber: valid.vatNumber,
      otherIdScheme: valid.otherId.scheme,
      otherIdValue: valid.otherId.value,
      nameAr: valid.nameAr,
      nameEn: valid.nameEn,
      vatGroupMemberTin: valid.vatGroupMemberTin ?? null,
      street: valid.address.street,
      additionalStreet: valid.address.additionalStreet ?? null,
      buildingNumber: valid.address.buildingNumber,
      additionalNumber: valid.address.additionalNumber ?? null,
      district: valid.address.district,
      city: valid.address.city,
      postalZone: valid.address.postalZone,
      province: valid.address.province ?? null,
      country: valid.address.country,
      createdAt: new Date(),
    });
    await inTransaction(this.dataSource, async (manager) => {
      await manager.insert(CompanyEntity, company);
      await this.audit.append(
        {
          stream: 'system',
          action: 'egs.company.created',
          actor,
          subjectType: 'company',
          subjectId: company.id,
          data: { vatNumber: company.vatNumber, nameEn: company.nameEn },
        },
        manager,
      );
    });
    return company;
  }

  list(): Promise<CompanyEntity[]> {
    return this.dataSource.getRepository(CompanyEntity).find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<CompanyEntity> {
    const company = await this.dataSource.getRepository(CompanyEntity).findOneBy({ id });
    if (!company) throw new EgsNotFoundError(`no company with id ${id}`);
    return company;
  }
}
