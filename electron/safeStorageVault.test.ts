import { beforeEach, describe, expect, it, vi } from 'vitest';

/** safeStorage as each platform and desktop answers it (Electron's runtime is not on these machines). */
const fake = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  prefix: 'v11',
}));

vi.mock('electron', () => {
  const safeStorage = {
    isAsyncEncryptionAvailable: () => Promise.resolve(fake.available),
    getSelectedStorageBackend: () => fake.backend,
    encryptStringAsync: (plain: string) => Promise.resolve(Buffer.from(`${fake.prefix}${plain}`, 'latin1')),
    decryptStringAsync: (data: Buffer) =>
      Promise.resolve({ result: data.subarray(3).toString('latin1'), shouldReEncrypt: false }),
  };
  return { safeStorage, default: { safeStorage } };
});

const { safeStorageVault } = await import('./safeStorageVault');

beforeEach(() => {
  fake.available = true;
  fake.backend = 'gnome_libsecret';
  fake.prefix = 'v11';
});

describe('the secret vault over safeStorage', () => {
  it('uses the key store of macOS and Windows, and of a Linux desktop whose secret service gives the key', async () => {
    expect((await safeStorageVault('darwin')).info).toEqual({ kind: 'os', backend: 'Keychain' });
    expect((await safeStorageVault('win32')).info).toEqual({ kind: 'os', backend: 'DPAPI' });
    const linux = await safeStorageVault('linux');
    expect(linux.info).toEqual({ kind: 'os', backend: 'gnome_libsecret' });
    expect((await linux.decrypt(await linux.encrypt('t0ken-for-skopje'))).plain).toBe('t0ken-for-skopje');
  });

  it.each([
    ['Chromium’s built-in key (basic_text)', { backend: 'basic_text' }, /basic_text: no secret service/],
    ['an unknown backend', { backend: 'unknown' }, /unknown: no secret service/],
    ['a secret service that did not give a key (v10 data)', { prefix: 'v10' }, /did not provide a key/],
    ['no encryption at all', { available: false }, /not available/],
  ])('counts %s as no key store: the token is kept for the session only', async (_case, change, backend) => {
    Object.assign(fake, change);
    const vault = await safeStorageVault('linux');
    expect(vault.info.kind).toBe('session');
    expect(vault.info.backend).toMatch(backend);
    await expect(vault.encrypt('anything')).rejects.toThrow(/nothing is written to disk/);
  });
});
