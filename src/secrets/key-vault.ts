import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key';

/** What a sealed secret is bound to: it opens only for the same unit and purpose. */
export interface SealContext {
  /** The record the secret belongs to, e.g. the EGS unit id. */
  readonly ownerId: string;
  /** What it is, e.g. `egs-private-key`, `csid-secret`. */
  readonly purpose: string;
}

export class SealedSecretError extends Error {
  override readonly name = 'SealedSecretError';
}

const FORMAT = 'zv1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM envelope for secrets at rest. Each seal uses a fresh random 96-bit IV; the AAD
 * binds the ciphertext to its owner and purpose (a sealed key copied onto another unit does not
 * open) and to the master key id, which is stored in clear so a rotated key can be found.
 *
 * Sealed form: `zv1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts).
 */
export class KeyVault {
  private readonly keys = new Map<string, MasterKey>();

  /** `current` seals; `previous` keys still open what they sealed (rotation). */
  constructor(
    private readonly current: MasterKey,
    previous: readonly MasterKey[] = [],
  ) {
    for (const key of [current, ...previous]) this.keys.set(key.keyId, key);
  }

  get keyId(): string {
    return this.current.keyId;
  }

  /** Ids of the keys that only open (rotation), without the current one. */
  get previousKeyIds(): string[] {
    return [...this.keys.keys()].filter((id) => id !== this.current.keyId);
  }

  /** True when the master key `keyId` is configured (current or previous). */
  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  seal(plaintext: Buffer, context: SealContext): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key.reveal(), iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(aad(this.current.keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [FORMAT, this.current.keyId, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join(
      '.',
    );
  }

  open(sealed: string, context: SealContext): Buffer {
    const parts = sealed.split('.');
    const what = `the ${context.purpose} of ${context.ownerId}`;
    if (parts.length !== 5 || parts[0] !== FORMAT) {
      throw new SealedSecretError(`${what} is not a sealed secret in the ${FORMAT} format`);
    }
    const [, keyId, iv, ciphertext, tag] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      const previous = this.previousKeyIds;
      throw new SealedSecretError(
        `cannot decrypt ${what}: it was encrypted under master key ${keyId}, but the configured ` +
          `master key is ${this.current.keyId}` +
          (previous.length ? ` (previous: ${previous.join(', ')})` : '') +
          ' (check ZATCA_MASTER_KEY / ZATCA_MASTER_KEY_FILE; after a rotation give the old key ' +
          'as ZATCA_MASTER_KEY_PREVIOUS or ZATCA_MASTER_KEY_PREVIOUS_FILE)',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key.reveal(), unb64(iv), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([decipher.update(unb64(ciphertext)), decipher.final()]);
    } catch {
      throw new SealedSecretError(
        `cannot decrypt ${what}: the integrity check failed (the record was altered, or belongs ` +
          'to another unit or purpose)',
      );
    }
  }
}

/** The master key id a sealed value names in clear, or undefined if it is not in the format. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined;
}

function aad(keyId: string, { ownerId, purpose }: SealContext): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, keyId, ownerId, purpose]), 'utf8');
}

const b64 = (bytes: Buffer): string => bytes.toString('base64url');
const unb64 = (text: string): Buffer => Buffer.from(text, 'base64url');
