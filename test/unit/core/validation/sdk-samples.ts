import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sdkPath } from '../../../support/sdk';

/** The SDK's signed sample documents, as paths relative to Samples/ (e.g. "Standard/Credit/…"). */
export function sdkSampleNames(): string[] {
  const root = sdkPath('Samples');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return walk(path);
      return entry.endsWith('.xml') ? [relative(root, path)] : [];
    });
  return walk(root).sort();
}

export const readSample = (name: string): string => readFileSync(sdkPath('Samples', name), 'utf8');

export const SIMPLIFIED_INVOICE = 'Simplified/Invoice/Simplified_Invoice.xml';
export const STANDARD_INVOICE = 'Standard/Invoice/Standard_Invoice.xml';

/** The initial PIH every SDK sample carries (PIH/pih.txt). */
export const sdkInitialPih = (): string => readFileSync(sdkPath('PIH', 'pih.txt'), 'utf8').trim();

/** Replaces exactly one occurrence, failing loudly if the sample no longer has the text. */
export function replaceOnce(xml: string, search: string | RegExp, replacement: string): string {
  const changed = xml.replace(search, replacement);
  if (changed === xml) throw new Error(`tamper target not found: ${String(search)}`);
  return changed;
}
