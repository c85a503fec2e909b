import type { SecretBytes } from './secret-bytes';

/** AES-256: the master key is exactly 32 bytes. */
export const MASTER_KEY_BYTES = 32;

/**
 * Where the master key that encrypts EGS private keys comes from (see docs/configuration.md):
 * ZATCA_MASTER_KEY (base64, checked at start), ZATCA_MASTER_KEY_FILE, or, outside production,
 * a file generated on first start.
 */
export type MasterKeySource =
  | { readonly kind: 'env'; readonly key: SecretBytes }
  | { readonly kind: 'file'; readonly path: string; readonly createIfMissing: boolean };

/**
 * Master keys that sealed secrets before a rotation and still open them, never seal:
 * ZATCA_MASTER_KEY_PREVIOUS (comma-separated base64, checked at start) or
 * ZATCA_MASTER_KEY_PREVIOUS_FILE (a file of such keys, one a line; the old key file as is).
 */
export type PreviousMasterKeysSource =
  | { readonly kind: 'env'; readonly keys: readonly SecretBytes[] }
  | { readonly kind: 'file'; readonly path: string };
