import { Inject, Injectable } from '@nestjs/common';
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  generateCsr,
  type CsrEnvironment,
  type CsrFields,
  type GeneratedCsr,
} from '../../core/csr';
import { createSigner } from '../../core/crypto/create-signer';
import type { Signer } from '../../core/crypto/signer';
import { generateSecp256k1KeyPair, publicKeyToPem } from '../../core/keys';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.module';
import { KeyVault } from '../../secrets/key-vault';
import { EgsKeyEntity } from '../entities/egs-key.entity';
import { EgsNotFoundError } from '../egs-errors';
import type { EgsKeyStore } from './egs-key-store';

/** AAD purpose of a sealed private key: bound to the key record as well as the unit. */
export const privateKeyPurpose = (keyId: string): string => `egs-private-key:${keyId}`;

/**
 * Keys sealed with AES-256-GCM under the master key (KeyVault) in `egs_key`. The clear key
 * exists only in memory, while a CSR or a signature is made.
 */
@Injectable()
export class DatabaseKeyStore implements EgsKeyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: KeyVault,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'signer'>,
  ) {}

  async createKey(unitId: string, manager?: EntityManager): Promise<string> {
    const { privateKey } = generateSecp256k1KeyPair();
    const id = randomUUID();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const row: EgsKeyEntity = {
      id,
      unitId,
      sealedPrivateKey: this.vault.seal(der, { ownerId: unitId, purpose: privateKeyPurpose(id) }),
      masterKeyId: this.vault.keyId,
      publicKeyPem: publicKeyToPem(privateKey),
      createdAt: new Date(),
    };
    der.fill(0);
    await (manager ?? this.dataSource.manager).insert(EgsKeyEntity, row);
    return id;
  }

  async createCsr(
    keyId: string,
    fields: CsrFields,
    environment: CsrEnvironment,
  ): Promise<GeneratedCsr> {
    return generateCsr({ fields, privateKey: await this.privateKey(keyId), environment });
  }

  async signer(keyId: string): Promise<Signer> {
    return createSigner(await this.privateKey(keyId), this.config.signer);
  }

  private async privateKey(keyId: string): Promise<KeyObject> {
    const row = await this.dataSource.getRepository(EgsKeyEntity).findOneBy({ id: keyId });
    if (!row) throw new EgsNotFoundError(`no EGS key ${keyId}`);
    const der = this.vault.open(row.sealedPrivateKey, {
      ownerId: row.unitId,
      purpose: privateKeyPurpose(keyId),
    });
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } finally {
      der.fill(0);
    }
  }
}
