import { join } from 'node:path';
import { takConnectionOf } from '../tak/takProfile';
import {
  coreMessage,
  CoreMessageError,
  messageOf,
  type CoreMessage,
  type CoreMessageParam,
} from '../../../shared/coreMessage';
import type { ViewSettings } from '../../../shared/ipc';
import {
  DEMO_PROFILE_ID,
  layoutSchema,
  preferencesSchema,
  tokenSchema,
  type ConnectionProfile,
  type ConnectionTestResult,
  type Layout,
  type Preferences,
  type ProfileInput,
  type SettingsFile,
  type SettingsView,
} from '../../../shared/settings';
import { basemapSettingSchema, type BasemapSetting } from '../../../shared/basemap';
import type { BasemapServer } from '../basemap/BasemapServer';
import { Core, type CoreOptions } from '../Core';
import type { FeedTls } from '../feed/FeedClient';
import { ensurePrivateDir } from '../privateFiles';
import { SecretStore, type SecretVault } from './SecretStore';
import {
  checkCertificates,
  checkProfile,
  checkSecretsStayHome,
  clientKeyKey,
  gateFile,
  newProfileId,
  parseOrThrow,
  SettingsError,
} from './profileChecks';
import { feedTls, profileConnection, tokenKey } from './profileConnection';
import { CoreSwitch } from './coreSwitch';
import { trialConnection } from './trialConnection';

export { SettingsError };
import { loadSettings, saveSettings } from './settingsFile';

/** The built-in demo operation, as the workstation starts and stops it. */
export interface DemoOperation {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** How a workstation runs. */
export interface WorkstationOptions {
  /** settings.json, secrets.json, the stores (stores/<profile>.sqlite) and the demo's files. */
  dataDir: string;
  vault: SecretVault;
  /** Starts the demo operation (the reference server on loopback) in dataDir/demo. */
  startDemo: () => Promise<DemoOperation>;
  /** The desktop app has a file dialog; the browser host takes typed paths. */
  canChooseFiles: boolean;
  log?: (line: string) => void;
  now?: () => number;
  /** For tests: timings of the feed and the like. */
  core?: Partial<Pick<CoreOptions, 'feedTimings' | 'clock' | 'deltaIntervalMs'>>;
  /**
   * Which certificate files the page may name. The desktop app accepts only files chosen in its own
   * dialog this run (or already in the profile), so a compromised page cannot make the core read
   * files of its choosing or probe which exist. Absent: any local file (the browser host, whose
   * page is the local user's).
   */
  acceptFile?: (path: string) => boolean;
  /** How long a trial connection waits for the server's welcome. */
  testTimeoutMs?: number;
  /** Serves the centre's basemap (the one in settings.json is opened at start); absent: built-in only. */
  basemap?: BasemapServer;
}

/** The id a trial of a new profile runs under: not a valid profile id, so it owns no secret. */
const TRIAL_ID = 'trial:new';

/**
 * This workstation's connection profiles, preferences and secrets, and the core of the profile in
 * use. Both hosts hold one: the desktop app always, the browser host when no connection was fixed
 * on its command line. Switching profile closes the core and opens the other profile's store and
 * feed; the hosts then reload their pages onto the new core ({@link onCoreChanged}).
 */
export class Workstation {
  private settings: SettingsFile;
  private readonly settingsPath: string;
  private readonly secrets: SecretStore;
  private readonly settingsProblem: CoreMessage | null;
  /** The core of the profile in use, and the switch to another profile's (coreSwitch.ts). */
  private readonly cores: CoreSwitch<Core>;
  private demo: DemoOperation | null = null;
  private tokenReason: CoreMessage | null = null;
  /** Why the client key of the profile in use cannot be used this run (it is not the token's fault). */
  private keyReason: CoreMessage | null = null;
  /** Why the address of the profile in use is not connected to (kept by an older version, or edited by hand). */
  private addressReason: CoreMessage | null = null;
  /** Why the last switch (or the start) did not open the profile asked for. */
  private switchProblem: CoreMessage | null = null;
  /** Why the basemap in settings.json is not drawn (the built-in one is instead). */
  private basemapProblem: CoreMessage[] | null = null;
  private readonly viewListeners = new Set<(settings: ViewSettings) => void>();
  /** Changes run one after another: a switch must finish before the next one starts. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: WorkstationOptions,
    loaded: { settings: SettingsFile; problem: CoreMessage | null },
    secrets: SecretStore,
  ) {
    this.settings = loaded.settings;
    this.settingsProblem = loaded.problem;
    this.settingsPath = join(options.dataDir, 'settings.json');
    this.secrets = secrets;
    this.cores = new CoreSwitch<Core>({
      openActive: () => this.openActive(),
      activeId: () => this.settings.activeProfileId,
      exists: (id) => id === DEMO_PROFILE_ID || this.settings.profiles.some((p) => p.id === id),
      fallBack: (error, fallbackId) => this.noteSwitchFailure(error, fallbackId),
    });
  }

  /** Reads the settings (a bad file is set aside and reported) and opens the profile in use. */
  static async open(options: WorkstationOptions): Promise<Workstation> {
    // The workstation's data (settings, secrets, stores, the demo) is this user's only (privateFiles.ts).
    ensurePrivateDir(options.dataDir);
    ensurePrivateDir(join(options.dataDir, 'stores'));
    const settingsPath = join(options.dataDir, 'settings.json');
    const loaded = loadSettings(settingsPath, options.now);
    // A profile that no longer exists (edited by hand) falls back to the demo rather than failing.
    if (
      loaded.settings.activeProfileId !== DEMO_PROFILE_ID &&
      !loaded.settings.profiles.some((p) => p.id === loaded.settings.activeProfileId)
    )
      loaded.settings.activeProfileId = DEMO_PROFILE_ID;
    if (loaded.problem) {
      options.log?.(loaded.problem.text);
      // Never over a file that could not be moved aside (locked by a virus scanner, say): it may be fine.
      if (loaded.keptAside) saveSettings(settingsPath, loaded.settings);
    }
    const secrets = new SecretStore(join(options.dataDir, 'secrets.json'), options.vault, options.now);
    if (secrets.problem) options.log?.(secrets.problem.text);
    // Settings started over: no profile is left to own a stored secret.
    if (loaded.problem) secrets.keepOnly(new Set(loaded.settings.profiles.map((p) => p.id)));
    const workstation = new Workstation(options, loaded, secrets);
    // A profile whose store will not open (held by another program, damaged, from a newer
    // version): the app starts on the demo and says why, rather than not starting at all.
    await workstation.cores.start();
    await workstation.openBasemap();
    return workstation;
  }

  /** Opens the basemap kept in settings.json; one that fails leaves the built-in map and says why. */
  private async openBasemap(): Promise<void> {
    const stored = this.settings.basemap;
    if (!this.options.basemap || !stored || stored.kind === 'builtin') return;
    try {
      await this.options.basemap.use(parseOrThrow(basemapSettingSchema, stored, 'Basemap'));
    } catch (error) {
      this.basemapProblem = [coreMessage('basemap.notDrawn'), messageOf(error)];
      this.options.log?.(`settings: ${this.basemapProblem.map((m) => m.text).join(' ')}`);
    }
  }

  /**
   * Changes the basemap once it is checked (the file opened, the style fetched); one that fails
   * is refused with the reason, and the map and the stored choice stay as they were.
   */
  setBasemap(input: unknown): Promise<SettingsView> {
    return this.serially(async () => {
      const basemap: BasemapSetting = parseOrThrow(basemapSettingSchema, input, 'Basemap');
      if (!this.options.basemap) throw new SettingsError(coreMessage('settings.builtinBasemapOnly'));
      if (basemap.kind === 'mbtiles')
        gateFile(
          basemap.file,
          this.settings.basemap?.kind === 'mbtiles' ? this.settings.basemap.file : undefined,
          this.options.acceptFile,
        );
      try {
        await this.options.basemap.use(basemap);
      } catch (error) {
        throw new SettingsError(messageOf(error));
      }
      this.basemapProblem = null;
      this.write({ ...this.settings, basemap });
      const view = this.viewSettings();
      for (const listener of this.viewListeners) listener(view);
      return this.view();
    });
  }

  /** Records why the profile asked for could not be opened, and which one is used instead. */
  private noteSwitchFailure(error: unknown, fallbackId: string): CoreMessage {
    const failed = this.activeProfile()?.name ?? null;
    // A coded reason (a store held by another window) is said in the officer's language with the rest.
    const reason: CoreMessageParam =
      error instanceof CoreMessageError
        ? error.coreMessage
        : error instanceof Error
          ? error.message
          : String(error);
    this.options.log?.(
      `settings: ${failed ?? 'The demo operation'} could not be opened: ${typeof reason === 'string' ? reason : reason.text}`,
    );
    this.write({ ...this.settings, activeProfileId: fallbackId });
    const instead = this.activeProfile()?.name ?? null;
    const message =
      failed !== null && instead !== null
        ? coreMessage('switch.toProfile', { profile: failed, reason, instead })
        : failed !== null
          ? coreMessage('switch.toDemo', { profile: failed, reason })
          : instead !== null
            ? coreMessage('switch.fromDemo', { reason, instead })
            : coreMessage('failed', { detail: reason });
    this.switchProblem = message;
    return message;
  }

  /** The core of the profile in use. */
  get core(): Core {
    return this.cores.current;
  }

  /** Called with the new core after every switch of profile (hosts rebuild their pages on it). */
  onCoreChanged(listener: (core: Core) => void): () => void {
    return this.cores.onChanged(listener);
  }

  /** Called when the preferences the picture uses change. */
  onViewSettings(listener: (settings: ViewSettings) => void): () => void {
    this.viewListeners.add(listener);
    return () => void this.viewListeners.delete(listener);
  }

  /** What the picture needs from the preferences. */
  viewSettings(): ViewSettings {
    const p = this.settings.preferences;
    return {
      staleAfterMs: p.staleAfterMinutes * 60_000,
      lostContactAfterMs: p.lostContactAfterMinutes * 60_000,
      operator: p.operator,
      alertSounds: p.alertSounds,
      language: p.language,
      timeZone: p.timeZone,
      ...(this.options.basemap ? { basemap: this.options.basemap.view() } : {}),
    };
  }

  /** The settings as the page sees them: never a secret. */
  view(): SettingsView {
    const problems = [
      this.settingsProblem,
      this.secrets.problem,
      this.switchProblem,
      this.keyReason,
      this.addressReason,
    ].filter((p): p is CoreMessage => p !== null);
    return {
      managed: true,
      profiles: this.settings.profiles.map((p) => ({
        ...p,
        hasToken: this.secrets.has(tokenKey(p.id)),
        hasClientKey: this.secrets.has(clientKeyKey(p.id)) || p.clientKeyFile !== undefined,
      })),
      activeProfileId: this.settings.activeProfileId,
      needsToken: this.tokenReason !== null,
      tokenReason: this.tokenReason,
      firstRun: !this.settings.firstRunDone && this.settings.profiles.length === 0,
      preferences: this.settings.preferences,
      layout: this.settings.layout ?? null,
      secretStore: this.secrets.info,
      problem: problems.length > 0 ? problems : null,
      storePath: this.storePathOf(this.settings.activeProfileId),
      canChooseFiles: this.options.canChooseFiles,
      basemap: this.settings.basemap ?? { kind: 'builtin' },
      basemapProblem: this.basemapProblem,
    };
  }

  /** Every secret at hand, so that logs and diagnostics can black them out. */
  async knownSecrets(): Promise<string[]> {
    const found: string[] = [];
    if (this.demo) found.push(this.demo.token);
    for (const p of this.settings.profiles) {
      for (const key of [tokenKey(p.id), clientKeyKey(p.id)]) {
        try {
          const value = await this.secrets.get(key);
          if (value) found.push(value);
        } catch {
          // Unreadable: it cannot leak either.
        }
      }
    }
    return found;
  }

  /** The address the core connects to: the profile's server, or the demo's on loopback. */
  activeServerUrl(): string | null {
    return this.activeProfile()?.serverUrl ?? this.demo?.url ?? null;
  }

  /** The active profile (null for the demo). */
  activeProfile(): ConnectionProfile | null {
    return this.settings.profiles.find((p) => p.id === this.settings.activeProfileId) ?? null;
  }

  /** Adds or changes a profile; a change to the profile in use reconnects with it. */
  saveProfile(input: ProfileInput): Promise<SettingsView> {
    return this.serially(async () => {
      const existing = input.id ? this.settings.profiles.find((p) => p.id === input.id) : undefined;
      if (input.id && !existing) throw new SettingsError(coreMessage('settings.profileGone'));
      if (input.id === DEMO_PROFILE_ID) throw new SettingsError(coreMessage('settings.demoUnchangeable'));
      const id = existing?.id ?? newProfileId(input.name, this.settings.profiles, this.options.dataDir);
      const profile = checkProfile(id, input, existing, this.options.acceptFile);
      const token = input.token?.trim() ? parseOrThrow(tokenSchema, input.token, 'Access token') : null;
      checkSecretsStayHome(existing, profile, token);
      if (!existing && !token && this.secrets.info.kind === 'os')
        throw new SettingsError(coreMessage('settings.tokenRequired'));
      const tls = checkCertificates(
        id,
        input,
        existing,
        profile,
        this.secrets,
        new Date(this.options.now?.() ?? Date.now()),
      );
      // Only now, with everything checked, is anything kept.
      if (token) await this.secrets.set(tokenKey(id), token);
      if (input.removeClientCertificate) this.secrets.delete(clientKeyKey(id));
      else if (tls.keyPem !== undefined && this.secrets.info.kind === 'os')
        await this.secrets.set(clientKeyKey(id), tls.keyPem);
      const profiles = existing
        ? this.settings.profiles.map((p) => (p.id === id ? profile : p))
        : [...this.settings.profiles, profile];
      this.write({ ...this.settings, profiles, firstRunDone: true });
      this.options.log?.(`settings: profile ${id} ${existing ? 'changed' : 'added'}`);
      if (id === this.settings.activeProfileId) await this.restart();
      return this.view();
    });
  }

  /** Deletes a profile and its secrets; its store file stays (it is the operation's record). */
  deleteProfile(profileId: string): Promise<SettingsView> {
    return this.serially(() => {
      if (profileId === this.settings.activeProfileId)
        throw new SettingsError(coreMessage('settings.profileInUse'));
      if (!this.settings.profiles.some((p) => p.id === profileId))
        throw new SettingsError(coreMessage('settings.profileGone'));
      this.secrets.delete(`${profileId}:`);
      this.write({ ...this.settings, profiles: this.settings.profiles.filter((p) => p.id !== profileId) });
      this.options.log?.(
        `settings: profile ${profileId} deleted (its store ${this.storePathOf(profileId)} is kept)`,
      );
      return Promise.resolve(this.view());
    });
  }

  /** Connects with a profile (or the demo), with a token typed now if the workstation does not keep one. */
  activate(profileId: string, token?: string): Promise<SettingsView> {
    return this.serially(async () => {
      if (profileId !== DEMO_PROFILE_ID && !this.settings.profiles.some((p) => p.id === profileId))
        throw new SettingsError(coreMessage('settings.profileGone'));
      if (token !== undefined)
        await this.secrets.set(tokenKey(profileId), parseOrThrow(tokenSchema, token, 'Access token'));
      const previous = this.settings.activeProfileId;
      this.write({ ...this.settings, activeProfileId: profileId, firstRunDone: true });
      await this.restart(previous);
      return this.view();
    });
  }

  /** Changes the preferences; who the operator is goes into every command, so that one reconnects. */
  setPreferences(input: unknown): Promise<SettingsView> {
    return this.serially(async () => {
      const preferences: Preferences = parseOrThrow(preferencesSchema, input, 'Preferences');
      const operatorChanged = preferences.operator !== this.settings.preferences.operator;
      this.write({ ...this.settings, preferences });
      if (operatorChanged) await this.restart();
      else {
        const view = this.viewSettings();
        for (const listener of this.viewListeners) listener(view);
      }
      return this.view();
    });
  }

  /** The first-run screen was answered (with the demo: nothing else changes). */
  finishFirstRun(): SettingsView {
    if (!this.settings.firstRunDone) this.write({ ...this.settings, firstRunDone: true });
    return this.view();
  }

  /** Remembers the panels' arrangement. */
  saveLayout(layout: Layout): void {
    this.write({ ...this.settings, layout: parseOrThrow(layoutSchema, layout, 'Layout') });
  }

  /** The desktop window's saved place and size, unchecked (electron/host/windowState.ts checks it). */
  windowState(): unknown {
    return this.settings.window;
  }

  saveWindowState(state: unknown): void {
    this.write({ ...this.settings, window: state });
  }

  /**
   * Tries a profile without switching to it: connects, waits for the server's welcome and names
   * the operation, or says what went wrong (the certificate problem named). Nothing is stored.
   */
  async testConnection(input: ProfileInput): Promise<ConnectionTestResult> {
    const existing = input.id ? this.settings.profiles.find((p) => p.id === input.id) : undefined;
    // A trial of a new profile borrows no one's secrets: its id can never be a profile's.
    const id = existing?.id ?? TRIAL_ID;
    let profile: ConnectionProfile;
    let tls: FeedTls;
    let token: string | null;
    try {
      // The schema wants a profile's form of id; the secrets are looked up under the trial's own.
      profile = checkProfile(existing?.id ?? 'trial', input, existing, this.options.acceptFile);
      const typed = input.token?.trim() ? parseOrThrow(tokenSchema, input.token, 'Access token') : null;
      checkSecretsStayHome(existing, profile, typed);
      const checked = checkCertificates(
        id,
        input,
        existing,
        profile,
        this.secrets,
        new Date(this.options.now?.() ?? Date.now()),
      );
      tls = await feedTls(this.secrets, id, profile, checked.keyPem);
      token = typed ?? (existing ? await this.secrets.get(tokenKey(existing.id)) : null);
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
    if (!token) return { ok: false, message: coreMessage('trial.tokenMissing') };
    return trialConnection(
      { url: profile.serverUrl, token, tls, expectedOperationId: profile.expectedOperationId },
      this.options.testTimeoutMs ?? 12_000,
    );
  }

  /** Closes the core and stops the demo. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => {});
    this.cores.close();
    await this.demo?.stop();
    this.demo = null;
  }

  private storePathOf(profileId: string): string {
    return profileId === DEMO_PROFILE_ID
      ? join(this.options.dataDir, 'demo', 'store.sqlite')
      : join(this.options.dataDir, 'stores', `${profileId}.sqlite`);
  }

  private write(settings: SettingsFile): void {
    saveSettings(this.settingsPath, settings);
    this.settings = settings;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Closes the core, opens the one of the active profile, and tells the hosts (coreSwitch.ts); a
   * profile that will not open leaves the workstation where it was, with the reason in the view,
   * so the page shows it after it has reloaded.
   */
  private async restart(fallbackId: string = DEMO_PROFILE_ID): Promise<void> {
    this.switchProblem = null;
    await this.cores.restart(fallbackId);
  }

  private async openActive(): Promise<Core> {
    const profile = this.activeProfile();
    const preferences = this.settings.preferences;
    const base = {
      operator: preferences.operator,
      ...(this.options.log ? { log: this.options.log } : {}),
      ...this.options.core,
    };
    this.tokenReason = null;
    this.addressReason = null;
    if (!profile) {
      // The demo starts afresh (it wipes its own folder, store included), so it is stopped first.
      await this.demo?.stop();
      this.demo = await this.options.startDemo();
      ensurePrivateDir(join(this.options.dataDir, 'demo'));
      return Core.open({
        ...base,
        storePath: this.storePathOf(DEMO_PROFILE_ID),
        feed: { url: this.demo.url, token: this.demo.token },
      });
    }
    await this.demo?.stop();
    this.demo = null;
    const connection = await profileConnection(profile, this.secrets);
    this.tokenReason = connection.tokenReason;
    this.keyReason = connection.keyReason;
    this.addressReason = connection.addressReason;
    // Without a token (or an address) the store still opens: the picture as it was last seen, and replay of it.
    return Core.open({
      ...base,
      storePath: this.storePathOf(profile.id),
      ...(profile.expectedOperationId ? { expectedOperationId: profile.expectedOperationId } : {}),
      ...(connection.feed ? { feed: connection.feed } : {}),
      ...(takConnectionOf(profile) ? { tak: takConnectionOf(profile)! } : {}),
    });
  }
}
