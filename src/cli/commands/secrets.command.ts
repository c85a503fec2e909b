import type { Command } from 'commander';
import { readEnvironment } from '../../config/environment';
import { loadConfig } from '../../config/load-config';
import { openDatabase } from '../../database/open-database';
import { prepareDatabase } from '../../database/prepare-database';
import { createKeyVault } from '../../secrets/create-key-vault';
import { resealSecrets } from '../../secrets/reseal/reseal-secrets';
import type { RegisterCommand } from './index';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

export const registerSecretsCommand: RegisterCommand = (program: Command) => {
  const secrets = program
    .command('secrets')
    .description('secrets at rest: re-seal them under a new master key')
    .addHelpText(
      'after',
      '\nRotating the master key (docs/configuration.md): set the new key as ZATCA_MASTER_KEY ' +
        '(or _FILE) and the old one as ZATCA_MASTER_KEY_PREVIOUS (or _FILE), restart the hosts, ' +
        'run `zatca secrets reseal`, then remove the previous key.',
    );

  secrets
    .command('reseal')
    .description(
      'seal every secret (EGS private keys, CSID secrets, connector keys and tokens) again ' +
        'under the current master key, in one transaction; prints counts, never a secret',
    )
    .option('--dry-run', 'open every secret and count what would change; write nothing')
    .action(async (options: { dryRun?: boolean }) => {
      const config = loadConfig(readEnvironment());
      // Re-sealing under a key generated just now would help no one: the key must exist.
      const masterKey =
        config.masterKey.kind === 'file'
          ? { ...config.masterKey, createIfMissing: false }
          : config.masterKey;
      const { vault } = createKeyVault({ ...config, masterKey });
      await prepareDatabase(config);
      const dataSource = await openDatabase(config.database);
      try {
        const previous = vault.previousKeyIds;
        out(`database: ${config.database.displayUrl}`);
        out(
          `master key: ${vault.keyId}` +
            (previous.length ? ` (previous: ${previous.join(', ')})` : ''),
        );
        const counts = await resealSecrets(dataSource, vault, { dryRun: options.dryRun });
        const verb = options.dryRun ? 'to re-seal' : 're-sealed';
        for (const c of counts) {
          out(`${c.kind}: ${c.resealed} ${verb}, ${c.alreadyCurrent} already current`);
        }
        const total = counts.reduce((sum, c) => sum + c.resealed, 0);
        if (options.dryRun) out(`dry run: nothing was written (${total} to re-seal)`);
        else if (total === 0) out('every secret is sealed under the current master key');
        else {
          out(
            `re-sealed ${total}: once every host runs with master key ${vault.keyId}, remove ` +
              'ZATCA_MASTER_KEY_PREVIOUS / ZATCA_MASTER_KEY_PREVIOUS_FILE',
          );
        }
      } finally {
        await dataSource.destroy();
      }
    });
};
