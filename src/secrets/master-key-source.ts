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
