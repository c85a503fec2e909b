import { Global, Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { createKeyVault } from './create-key-vault';
import { KeyVault } from './key-vault';

/**
 * The key vault under the configured master key, and the previous ones after a rotation. On the
 * embedded default's first start the key file is generated here and its path (never the key) is
 * logged.
 */
@Global()
@Module({
  providers: [
    {
      provide: KeyVault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { vault, createdFile } = createKeyVault(config);
        const logger = new Logger('Secrets');
        if (createdFile) {
          logger.warn(
            { masterKeyFile: createdFile, masterKeyId: vault.keyId },
            `generated a master key in ${createdFile} (mode 0600): back it up; without it ` +
              'the EGS private keys cannot be decrypted. Set ZATCA_MASTER_KEY or ' +
              'ZATCA_MASTER_KEY_FILE in production.',
          );
        }
        // Key ids only: they are one-way and safe to log.
        if (vault.previousKeyIds.length > 0) {
          logger.log(
            { masterKeyId: vault.keyId, previousMasterKeyIds: vault.previousKeyIds },
            `master key ${vault.keyId}; previous keys ${vault.previousKeyIds.join(', ')} still ` +
              'open old secrets: run `zatca secrets reseal`, then remove them',
          );
        }
        return vault;
      },
    },
  ],
  exports: [KeyVault],
})
export class SecretsModule {}
