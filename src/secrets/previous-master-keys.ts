import { type MasterKey, masterKey, parseMasterKeyText, readKeyFileAs } from './master-key';
import type { PreviousMasterKeysSource } from './master-key-source';
import type { SecretBytes } from './secret-bytes';

/**
 * Parses a list of base64 master keys separated by commas or line breaks. Returns the problem
 * (naming which entry, never its value) or the keys.
 */
export function parseMasterKeyList(text: string): SecretBytes[] | string {
  const entries = text.split(/[,\s]+/).filter((entry) => entry !== '');
  if (entries.length === 0) return 'holds no key (expected base64 of 32 bytes, one or more)';
  const keys: SecretBytes[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = parseMasterKeyText(entry);
    if (typeof parsed === 'string') {
      return entries.length === 1 ? parsed : `key ${index + 1} of ${entries.length}: ${parsed}`;
    }
    keys.push(parsed);
  }
  return keys;
}

/** Reads the previous master keys (the file is read here, at start, like the current key's). */
export function loadPreviousMasterKeys(source: PreviousMasterKeysSource | undefined): MasterKey[] {
  if (!source) return [];
  const keys =
    source.kind === 'env'
      ? source.keys
      : readKeyFileAs('ZATCA_MASTER_KEY_PREVIOUS_FILE', source.path, parseMasterKeyList);
  return keys.map(masterKey);
}
