import type { EntityManager } from 'typeorm';
import type { CsrEnvironment, CsrFields, GeneratedCsr } from '../../core/csr';
import type { Signer } from '../../core/crypto/signer';

/**
 * Where EGS private keys live and are used. Callers never see a private key: they get a CSR
 * signed with it, or a Signer. The default keeps keys sealed in the database
 * (DatabaseKeyStore); a KMS or HSM implementation can take its place under EGS_KEY_STORE.
 */
export interface EgsKeyStore {
  /** Generates a secp256k1 key for the unit and stores it; returns its id. */
  createKey(unitId: string, manager?: EntityManager): Promise<string>;
  /** A ZATCA CSR for `fields`, signed with the key (proof of possession). */
  createCsr(keyId: string, fields: CsrFields, environment: CsrEnvironment): Promise<GeneratedCsr>;
  /** Signs invoice hashes with the key. */
  signer(keyId: string): Promise<Signer>;
}

export const EGS_KEY_STORE = Symbol('EGS_KEY_STORE');
