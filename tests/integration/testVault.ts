import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretVault } from '../../electron/core/workstation/SecretStore';

/** An OS key store stand-in: real encryption (AES-256-GCM) with a key that lives in memory. */
export function testVault(key: Buffer = randomBytes(32)): SecretVault {
  return {
    info: { kind: 'os', backend: 'test keyring' },
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    decrypt: (data) => {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
      return Promise.resolve({ plain, stale: false });
    },
  };
}
