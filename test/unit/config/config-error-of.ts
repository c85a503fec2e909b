import { ConfigError } from '../../../src/config/config-error';
import { loadConfig, type Environment } from '../../../src/config/load-config';

/** The ConfigError loadConfig throws for `env` (read from `cwd`); fails if it accepts it. */
export function configErrorOf(env: Environment, cwd: string): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the environment');
}
