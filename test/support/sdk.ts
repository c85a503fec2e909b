import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../src/project-root';

/**
 * ZATCA SDK 3.4.8 reference data (samples, certificate, key), kept outside the repository in
 * ../shared/zatca-sdk. ZATCA_SDK_DIR overrides the location.
 */
export const sdkDir: string = process.env.ZATCA_SDK_DIR
  ? resolve(process.env.ZATCA_SDK_DIR)
  : resolve(projectRoot, '..', 'shared', 'zatca-sdk');

if (!existsSync(sdkDir)) {
  throw new Error(`ZATCA SDK reference data not found at ${sdkDir}; set ZATCA_SDK_DIR`);
}

export const sdkPath = (...parts: string[]): string => join(sdkDir, ...parts);
