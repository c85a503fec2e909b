import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MASTER_KEY_BYTES, type MasterKeySource } from './master-key-source';
import { SecretBytes } from './secret-bytes';

/** The loaded master key and its public id (which key sealed a record, for rotation). */
export interface MasterKey {
  readonly key: SecretBytes;
  /** 16 hex characters derived one-way from the key; safe to store and log. */
  readonly keyId: string;
}

export interface LoadedMasterKey extends MasterKey {
  /** Set when this call generated the key file (first start of the embedded default). */
  readonly createdFile?: string;
}

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

/** Reads (or, for the embedded default, creates) the master key. */
export function loadMasterKey(source: MasterKeySource): LoadedMasterKey {
  if (source.kind === 'env') return masterKey(source.key);
  if (!existsSync(source.path)) {
    if (!source.createIfMissing) {
      throw new MasterKeyError(
        `ZATCA_MASTER_KEY_FILE: ${source.path} does not exist (create it with ` +
          '`openssl rand -base64 32 > FILE && chmod 600 FILE`)',
      );
    }
    return { ...createKeyFile(source.path), createdFile: source.path };
  }
  return masterKey(readKeyFile(source.path));
}

/** Parses base64 of exactly 32 bytes; the message says what is wrong, never the value. */
export function parseMasterKeyText(text: string): SecretBytes | string {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return 'expected base64 of 32 random bytes';
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) {
    return `expected base64 of ${MASTER_KEY_BYTES} bytes, got ${bytes.length} bytes`;
  }
  return new SecretBytes(bytes);
}

export function masterKeyId(key: SecretBytes): string {
  return createHmac('sha256', key.reveal())
    .update('zatca-bridge master key id')
    .digest('hex')
    .slice(0, 16);
}

export function masterKey(key: SecretBytes): MasterKey {
  return { key, keyId: masterKeyId(key) };
}

function readKeyFile(path: string): SecretBytes {
  return readKeyFileAs('ZATCA_MASTER_KEY_FILE', path, parseMasterKeyText);
}

/**
 * Reads a key file and parses it with `parse` (which answers a problem as a string); errors
 * name the variable that points to the file, never a key.
 */
export function readKeyFileAs<T>(
  variable: string,
  path: string,
  parse: (text: string) => T | string,
): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MasterKeyError(`${variable}: cannot read ${path} (${(err as Error).message})`);
  }
  const parsed = parse(text);
  if (typeof parsed === 'string') throw new MasterKeyError(`${variable}: ${path}: ${parsed}`);
  return parsed;
}

function createKeyFile(path: string): MasterKey {
  mkdirSync(dirname(path), { recursive: true });
  const key = new SecretBytes(randomBytes(MASTER_KEY_BYTES));
  // 'wx': never overwrite a key another process wrote meanwhile; 0600: owner only.
  try {
    writeFileSync(path, key.reveal().toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return masterKey(readKeyFile(path));
    throw err;
  }
  chmodSync(path, 0o600);
  return masterKey(key);
}
