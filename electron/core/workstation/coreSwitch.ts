import type { CoreMessage } from '../../../shared/coreMessage';
import { DEMO_PROFILE_ID } from '../../../shared/settings';
import { SettingsError } from './profileChecks';

/** What the switch needs of a core: that it can be closed. */
export interface Closable {
  close(): void;
}

/** What the switch asks of the workstation: the settings' side of opening a profile's core. */
export interface CoreSwitchHost<C extends Closable> {
  /** Opens the core of the profile in use (its store, then its feed). */
  openActive(): Promise<C>;
  /** The profile in use, as the settings have it. */
  activeId(): string;
  /** Whether a profile (or the demo) can be gone back to. */
  exists(profileId: string): boolean;
  /**
   * The profile in use did not open: records why, makes `fallbackId` the profile in use, and
   * returns the message the officer is shown.
   */
  fallBack(error: unknown, fallbackId: string): CoreMessage;
}

/**
 * The core of the profile in use, and the switch from one profile's core to another's: the old
 * core is closed before the new one opens its store (a store is never open twice), a profile whose
 * store will not open (held by another Watchfloor, damaged, from a newer version) sends the
 * workstation back to where it was (or to the demo) with the reason, never without a core, and
 * every new core is announced to the hosts, which reload their pages onto it.
 */
export class CoreSwitch<C extends Closable> {
  private currentCore: C | null = null;
  private readonly listeners = new Set<(core: C) => void>();
  private closed = false;

  constructor(private readonly host: CoreSwitchHost<C>) {}

  /** The core in use; throws before {@link start}. */
  get current(): C {
    if (!this.currentCore) throw new Error('the workstation has no core yet');
    return this.currentCore;
  }

  /** Opens the profile in use at start; one that will not open falls back to the demo (said why). */
  async start(): Promise<C> {
    try {
      this.currentCore = await this.host.openActive();
    } catch (error) {
      if (this.host.activeId() === DEMO_PROFILE_ID) throw error;
      this.host.fallBack(error, DEMO_PROFILE_ID);
      this.currentCore = await this.host.openActive();
    }
    return this.currentCore;
  }

  /** Called with the new core after every switch. */
  onChanged(listener: (core: C) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Closes the core, opens the one of the profile now in use, and tells the hosts. When it will
   * not open, goes back to `fallbackId` (the profile it was on) or the demo, and throws a
   * SettingsError with the reason once the workstation has a core again.
   */
  async restart(fallbackId: string = DEMO_PROFILE_ID): Promise<void> {
    if (this.closed) return;
    this.currentCore?.close();
    try {
      this.currentCore = await this.host.openActive();
    } catch (error) {
      const back =
        fallbackId !== this.host.activeId() && this.host.exists(fallbackId) ? fallbackId : DEMO_PROFILE_ID;
      const message = this.host.fallBack(error, back);
      try {
        this.currentCore = await this.host.openActive();
      } catch (again) {
        if (back === DEMO_PROFILE_ID) throw again;
        this.host.fallBack(again, DEMO_PROFILE_ID);
        this.currentCore = await this.host.openActive();
      }
      this.announce();
      throw new SettingsError(message);
    }
    this.announce();
  }

  /** Closes the core in use; later restarts do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.currentCore?.close();
  }

  private announce(): void {
    const core = this.current;
    for (const listener of this.listeners) listener(core);
  }
}
