import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBase64 } from './base64';
import { InvalidInputError } from './invalid-input-error';

/**
 * Reads the `--pih` argument: a file holding the PIH (like the SDK's PIH/pih.txt) when such a
 * file exists, otherwise the PIH value itself. Either way the result must be base64.
 */
export function readExpectedPih(arg: string): string {
  const isFile = existsSync(arg) && statSync(arg).isFile();
  const value = (isFile ? readFileSync(arg, 'utf8') : arg).trim();
  if (!isBase64(value)) {
    const what = isFile ? `the content of ${arg}` : `"${arg}"`;
    throw new InvalidInputError(`--pih: ${what} is not a base64 PIH (nor a file holding one)`);
  }
  return value;
}
