import { Global, Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { KeyVault } from './key-vault';
import { loadMasterKey } from './master-key';

/**
 * The key vault under the configured master key. On the embedded default's first start the key
 * file is generated here and its path (never the key) is logged.
 */
@Global()
@Module({
  providers: [
    {
      provide: KeyVault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const master = loadMasterKey(config.masterKey);
        if (master.createdFile) {
          new Logger('Secrets').warn(
            { masterKeyFile: master.createdFile, masterKeyId: master.keyId },
            `generated a master key in ${master.createdFile} (mode 0600): back it up; without it ` +
              'the EGS private keys cannot be decrypted. Set ZATCA_MASTER_KEY or ' +
              'ZATCA_MASTER_KEY_FILE in production.',
          );
        }
        return new KeyVault(master);
      },
    },
  ],
  exports: [KeyVault],
})
export class SecretsModule {}
