import { coreMessage, CoreMessageError, type CoreMessage } from '../../../shared/coreMessage';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { SecretStoreInfo } from '../../../shared/settings';
import { writeFileAtomically } from './settingsFile';

/**
 * The operating system's key store as the core sees it: Electron's safeStorage in the desktop app
 * (electron/safeStorageVault.ts), nothing in the browser host. Plain data in, encrypted bytes out;
 * the key never leaves the OS.
 */
export interface SecretVault {
  readonly info: SecretStoreInfo;
  encrypt(plain: string): Promise<Buffer>;
  /** `stale`: the OS rotated its key; encrypt the value again. */
  decrypt(cipher: Buffer): Promise<{ plain: string; stale: boolean }>;
}

/** A workstation without a key store: secrets are kept in memory for this run only. */
export function sessionOnlyVault(backend: string): SecretVault {
  const refuse = (): Promise<never> =>
    Promise.reject(new Error('This workstation has no secret store: nothing is written to disk.'));
  return { info: { kind: 'session', backend }, encrypt: refuse, decrypt: refuse };
}

const secretsFileSchema = z.object({
  version: z.literal(1),
  backend: z.string().max(64),
  entries: z.record(z.string().max(128), z.string().max(65_536)),
});

/** A secret that is stored but cannot be decrypted (the key store changed, or the file was altered). */
export class SecretUnreadableError extends CoreMessageError {
  constructor() {
    super(coreMessage('token.undecryptable'));
  }
}

/**
 * Access tokens and client keys, encrypted by the OS key store into secrets.json (readable by this
 * user only) — or, where the workstation has none, kept in memory for this run and never written
 * anywhere: the officer types the token again at the next start.
 */
/** A secrets file that is JSON but not of the expected form. */
class WrongForm extends Error {}

export class SecretStore {
  private entries: Record<string, string> = {};
  private readonly session = new Map<string, string>();
  /** A secrets file that could not be read, and what was done. */
  readonly problem: CoreMessage | null = null;

  constructor(
    private readonly path: string,
    private readonly vault: SecretVault,
    now: () => number = Date.now,
  ) {
    if (vault.info.kind !== 'os' || !existsSync(path)) return;
    try {
      const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new WrongForm();
      this.entries = parsed.data.entries;
    } catch (error) {
      const kept = `${path}.unreadable-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(path, kept);
      } catch {
        // Left where it is; the next save replaces it.
      }
      const keptAs = basename(kept);
      this.problem =
        error instanceof SyntaxError
          ? coreMessage('secrets.damaged', { kept: keptAs })
          : error instanceof WrongForm
            ? coreMessage('secrets.wrongForm', { kept: keptAs })
            : coreMessage('secrets.unreadable', { reason: (error as Error).message, kept: keptAs });
    }
  }

  get info(): SecretStoreInfo {
    return this.vault.info;
  }

  /** Whether a secret is at hand (stored, or given this run). */
  has(key: string): boolean {
    return this.session.has(key) || Object.hasOwn(this.entries, key);
  }

  /** The secret, or null when there is none; throws {@link SecretUnreadableError} when it cannot be decrypted. */
  async get(key: string): Promise<string | null> {
    const given = this.session.get(key);
    if (given !== undefined) return given;
    const stored = this.entries[key];
    if (stored === undefined) return null;
    let result: { plain: string; stale: boolean };
    try {
      result = await this.vault.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      throw new SecretUnreadableError();
    }
    this.session.set(key, result.plain);
    if (result.stale) await this.set(key, result.plain);
    return result.plain;
  }

  /** Keeps a secret: encrypted on disk with an OS key store, in memory for this run without one. */
  async set(key: string, value: string): Promise<void> {
    this.session.set(key, value);
    if (this.vault.info.kind !== 'os') return;
    this.entries[key] = (await this.vault.encrypt(value)).toString('base64');
    this.save();
  }

  /** Forgets every secret of a profile not in the set (settings that started over own none). */
  keepOnly(profileIds: ReadonlySet<string>): void {
    const owner = (key: string): string => key.slice(0, key.lastIndexOf(':'));
    for (const key of [...this.session.keys()]) if (!profileIds.has(owner(key))) this.session.delete(key);
    const before = Object.keys(this.entries).length;
    this.entries = Object.fromEntries(Object.entries(this.entries).filter(([k]) => profileIds.has(owner(k))));
    if (Object.keys(this.entries).length !== before) this.save();
  }

  /** Forgets every secret whose key starts with the prefix (a deleted profile's). */
  delete(prefix: string): void {
    for (const key of [...this.session.keys()]) if (key.startsWith(prefix)) this.session.delete(key);
    const before = Object.keys(this.entries).length;
    this.entries = Object.fromEntries(Object.entries(this.entries).filter(([k]) => !k.startsWith(prefix)));
    if (Object.keys(this.entries).length !== before) this.save();
  }

  private save(): void {
    writeFileAtomically(
      this.path,
      `${JSON.stringify({ version: 1, backend: this.vault.info.backend, entries: this.entries })}\n`,
    );
  }
}
