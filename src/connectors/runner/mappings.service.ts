import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit';
import { ConnectorSettingsError } from '../connector-errors';
import { ConnectionMappingEntity } from '../entities/connection-mapping.entity';
import {
  MAPPING_KINDS,
  type CanonicalMappings,
  type MappingKind,
} from '../mapping/mapping-settings';
import { mappingValueProblems } from '../mapping/mapping-value';
import { connectionAuditEntry } from './record-audit';

/** Mapping settings per connection: stored rows, checked per kind, read as CanonicalMappings. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async put(connectionId: string, kind: string, erpKey: string, value: unknown): Promise<void> {
    if (!(MAPPING_KINDS as readonly string[]).includes(kind)) {
      throw new ConnectorSettingsError([
        { field: 'kind', rule: `one of ${MAPPING_KINDS.join(', ')}` },
      ]);
    }
    const problems = mappingValueProblems(kind as MappingKind, erpKey, value);
    if (problems.length) throw new ConnectorSettingsError(problems);
    await this.dataSource.getRepository(ConnectionMappingEntity).save({
      connectionId,
      kind,
      erpKey,
      valueJson: JSON.stringify(value),
      updatedAt: new Date().toISOString(),
    });
    await this.audit.append(
      connectionAuditEntry(connectionId, 'mapping.set', { kind, erpKey, value }),
    );
  }

  async remove(connectionId: string, kind: string, erpKey: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ConnectionMappingEntity)
      .delete({ connectionId, kind, erpKey });
    return (result.affected ?? 0) > 0;
  }

  async list(connectionId: string): Promise<{ kind: string; erpKey: string; value: unknown }[]> {
    const rows = await this.dataSource
      .getRepository(ConnectionMappingEntity)
      .find({ where: { connectionId }, order: { kind: 'ASC', erpKey: 'ASC' } });
    return rows.map((r) => ({
      kind: r.kind,
      erpKey: r.erpKey,
      value: JSON.parse(r.valueJson) as unknown,
    }));
  }

  async load(connectionId: string): Promise<CanonicalMappings> {
    const maps = {
      tax: new Map(),
      unit: new Map(),
      'payment-terms': new Map(),
      uom: new Map(),
      'buyer-field': new Map(),
      subtype: new Map(),
    } as Record<MappingKind, Map<string, unknown>>;
    for (const row of await this.list(connectionId)) {
      maps[row.kind as MappingKind]?.set(row.erpKey, row.value);
    }
    return {
      tax: maps.tax,
      unit: maps.unit,
      paymentTerms: maps['payment-terms'],
      uom: maps.uom,
      buyerField: maps['buyer-field'],
      subtype: maps.subtype,
    } as CanonicalMappings;
  }
}
