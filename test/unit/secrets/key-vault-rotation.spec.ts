import { randomBytes } from 'node:crypto';
import { KeyVault, SealedSecretError, sealedKeyId } from '../../../src/secrets/key-vault';
import { masterKeyId } from '../../../src/secrets/master-key';
import { SecretBytes } from '../../../src/secrets/secret-bytes';

const newKey = () => {
  const key = new SecretBytes(randomBytes(32));
  return { key, keyId: masterKeyId(key) };
};

describe('KeyVault across a master key rotation', () => {
  const a = newKey();
  const b = newKey();
  const context = { ownerId: 'unit-1', purpose: 'egs-private-key:k1' };

  it('names the key id of a sealed value, and knows which keys it holds', () => {
    const sealed = new KeyVault(a).seal(Buffer.from('x'), context);
    expect(sealedKeyId(sealed)).toBe(a.keyId);
    expect(sealedKeyId('plain text')).toBeUndefined();
    const rotated = new KeyVault(b, [a]);
    expect(rotated.knows(a.keyId)).toBe(true);
    expect(rotated.knows(b.keyId)).toBe(true);
    expect(rotated.knows('0000000000000000')).toBe(false);
    expect(rotated.previousKeyIds).toEqual([a.keyId]);
  });

  it('says which key is missing and how to give it, without the previous key', () => {
    const sealed = new KeyVault(a).seal(Buffer.from('x'), context);
    expect(() => new KeyVault(b).open(sealed, context)).toThrow(SealedSecretError);
    expect(() => new KeyVault(b).open(sealed, context)).toThrow(
      `cannot decrypt the egs-private-key:k1 of unit-1: it was encrypted under master key ` +
        `${a.keyId}, but the configured master key is ${b.keyId}`,
    );
    expect(() => new KeyVault(b).open(sealed, context)).toThrow(/ZATCA_MASTER_KEY_PREVIOUS/);
    expect(new KeyVault(b, [a]).open(sealed, context).toString()).toBe('x');
  });
});
