import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { Environment } from './load-config';

/**
 * The process environment over the `.env` file of `cwd`, if there is one. Real environment
 * variables win, as with @nestjs/config and `node --env-file`; process.env itself is not changed.
 */
export function readEnvironment(
  cwd: string = process.cwd(),
  env: Environment = process.env,
): Environment {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}
