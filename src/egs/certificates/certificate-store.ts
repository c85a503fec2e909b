import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { parseCertificate } from '../../core/crypto/certificate';
import type { CsidCredentials, IssuedCsid } from '../../fatoora/fatoora-result';
import { KeyVault } from '../../secrets/key-vault';
import {
  EgsCertificateEntity,
  type CertificateKind,
  type CertificateStatus,
} from '../entities/egs-certificate.entity';
import type { EgsFlow } from '../onboarding/onboarding-state';

export interface NewCertificate {
  unitId: string;
  keyId: string;
  csrId: string;
  kind: CertificateKind;
  flow: EgsFlow;
  status: CertificateStatus;
}

/** The CSIDs ZATCA issued to units; their secrets are sealed like the private keys. */
@Injectable()
export class CertificateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: KeyVault,
  ) {}

  async save(
    manager: EntityManager,
    meta: NewCertificate,
    csid: IssuedCsid,
  ): Promise<EgsCertificateEntity> {
    const parsed = parseCertificate(csid.certificateBase64);
    const id = randomUUID();
    const now = new Date();
    const row: EgsCertificateEntity = {
      id,
      ...meta,
      requestId: csid.requestID,
      certificateBase64: csid.certificateBase64,
      binarySecurityToken: csid.binarySecurityToken,
      sealedSecret: this.vault.seal(Buffer.from(csid.secret, 'utf8'), {
        ownerId: meta.unitId,
        purpose: csidSecretPurpose(id),
      }),
      serialNumber: parsed.serialNumber.slice(0, 64),
      notBefore: parsed.notBefore,
      notAfter: parsed.notAfter,
      issuedAt: now,
      activatedAt: meta.status === 'active' ? now : null,
      supersededAt: null,
    };
    await manager.insert(EgsCertificateEntity, row);
    return row;
  }

  /** Basic-auth credentials of a stored CSID (the secret is opened here, in memory only). */
  credentials(cert: EgsCertificateEntity): CsidCredentials {
    const secret = this.vault.open(cert.sealedSecret, {
      ownerId: cert.unitId,
      purpose: csidSecretPurpose(cert.id),
    });
    return { binarySecurityToken: cert.binarySecurityToken, secret: secret.toString('utf8') };
  }

  /** The newest certificate of a kind in one of `statuses`, or null. */
  latest(
    unitId: string,
    kind: CertificateKind,
    statuses: CertificateStatus[],
    flow?: EgsFlow,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EgsCertificateEntity | null> {
    return manager.findOne(EgsCertificateEntity, {
      where: { unitId, kind, status: In(statuses), ...(flow ? { flow } : {}) },
      order: { issuedAt: 'DESC', notAfter: 'DESC' },
    });
  }

  /** The production certificate the unit signs with now. */
  activeProduction(unitId: string, manager?: EntityManager): Promise<EgsCertificateEntity | null> {
    return this.latest(unitId, 'production', ['active'], undefined, manager);
  }

  /** Every production certificate the unit has had, newest first (for chain verification). */
  productionHistory(unitId: string): Promise<EgsCertificateEntity[]> {
    return this.dataSource.getRepository(EgsCertificateEntity).find({
      where: { unitId, kind: 'production', status: In(['active', 'superseded']) },
      order: { issuedAt: 'DESC' },
    });
  }

  async setStatus(
    manager: EntityManager,
    cert: EgsCertificateEntity,
    status: CertificateStatus,
    at = new Date(),
  ): Promise<void> {
    const change: Partial<EgsCertificateEntity> = { status };
    if (status === 'active') change.activatedAt = at;
    if (status === 'superseded') change.supersededAt = at;
    await manager.update(EgsCertificateEntity, { id: cert.id }, change);
    Object.assign(cert, change);
  }
}

/** The seal context purpose of a CSID's secret: bound to its certificate row. */
export function csidSecretPurpose(certificateId: string): string {
  return `csid-secret:${certificateId}`;
}
