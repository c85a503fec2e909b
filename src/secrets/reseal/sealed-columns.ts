import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { ConnectionEntity } from '../../connectors/entities/connection.entity';
import { SECRET_PURPOSE, TOKEN_PURPOSE } from '../../connectors/runner/connection-seal-purposes';
import { csidSecretPurpose } from '../../egs/certificates/certificate-store';
import { EgsCertificateEntity } from '../../egs/entities/egs-certificate.entity';
import { EgsKeyEntity } from '../../egs/entities/egs-key.entity';
import { privateKeyPurpose } from '../../egs/keys/database-key-store';
import type { SealContext } from '../key-vault';

/** One column that holds KeyVault output, and the context each of its values was sealed with. */
export interface SealedColumn {
  /** What the values are, plural, for the report: `egs private keys`. */
  readonly kind: string;
  readonly entity: EntityTarget<ObjectLiteral>;
  /** The entity property (the table and column names come from TypeORM's metadata). */
  readonly field: string;
  context(row: ObjectLiteral): SealContext;
  /** Other properties that record the sealing key, kept in step with the value. */
  alsoSet?(keyId: string): ObjectLiteral;
}

function sealedColumn<T extends ObjectLiteral & { id: string }>(column: {
  kind: string;
  entity: new () => T;
  field: keyof T & string;
  context(row: T): SealContext;
  alsoSet?(keyId: string): Partial<T>;
}): SealedColumn {
  return column;
}

/**
 * Every secret sealed at rest, with the contexts the sealing code itself exports
 * (src/egs/keys/database-key-store.ts, src/egs/certificates/certificate-store.ts,
 * src/connectors/runner/connections.service.ts). A new sealed column belongs in this list, or a
 * master key rotation leaves it behind (the rotation test checks every `zv1.` value in them).
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  sealedColumn({
    kind: 'egs private keys',
    entity: EgsKeyEntity,
    field: 'sealedPrivateKey',
    context: (row) => ({ ownerId: row.unitId, purpose: privateKeyPurpose(row.id) }),
    alsoSet: (keyId) => ({ masterKeyId: keyId }),
  }),
  sealedColumn({
    kind: 'csid secrets',
    entity: EgsCertificateEntity,
    field: 'sealedSecret',
    context: (row) => ({ ownerId: row.unitId, purpose: csidSecretPurpose(row.id) }),
  }),
  sealedColumn({
    kind: 'connector api keys',
    entity: ConnectionEntity,
    field: 'sealedSecret',
    context: (row) => ({ ownerId: row.id, purpose: SECRET_PURPOSE }),
  }),
  sealedColumn({
    kind: 'connector webhook tokens',
    entity: ConnectionEntity,
    field: 'sealedWebhookToken',
    context: (row) => ({ ownerId: row.id, purpose: TOKEN_PURPOSE }),
  }),
];
