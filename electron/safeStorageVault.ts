import { safeStorage } from 'electron';
import type { SecretVault } from './core/workstation/SecretStore';
import { sessionOnlyVault } from './core/workstation/SecretStore';

/**
 * Electron's safeStorage as the workstation's secret vault: Keychain on macOS, DPAPI on Windows, the
 * desktop's secret service (libsecret, KWallet) on Linux. Where Linux has none, Chromium falls back
 * to `basic_text`, a key written in its own source: that is no protection, so the app treats it as
 * no store at all and keeps the token in memory for the session (asking for it at each start).
 * Call after the app is ready (the Linux backend is chosen then).
 */
export async function safeStorageVault(platform: NodeJS.Platform): Promise<SecretVault> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const backend =
    platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : platform === 'darwin'
        ? 'Keychain'
        : 'DPAPI';
  if (!available) return sessionOnlyVault(`${backend}: not available`);
  if (backend === 'basic_text' || backend === 'unknown')
    return sessionOnlyVault(`${backend}: no secret service`);
  if (platform === 'linux') {
    // The async encryptor chooses its key provider on its own and falls back to Chromium's fixed
    // key when the secret service does not answer; such data starts "v10", keyring data "v11".
    const probe = await safeStorage.encryptStringAsync('watchfloor key store probe');
    if (probe.subarray(0, 3).toString('latin1') !== 'v11')
      return sessionOnlyVault(`${backend}: the secret service did not provide a key`);
  }
  return {
    info: { kind: 'os', backend },
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (cipher) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipher);
      return { plain: result, stale: shouldReEncrypt };
    },
  };
}
