import { useSyncExternalStore } from 'react';
import type { InvokeArg, InvokeChannel, InvokeOutcome, WatchfloorApi } from '../../../shared/ipc';
import type { CommandPayload, CommandType } from '../../../shared/protocol/messages';
import type { ExportKind, ExportedFile, StepTarget, TimelineSummary } from '../../../shared/replay';
import { displayValue } from '../../../shared/displayText';
import type { Language } from '../../../shared/settings';
import { HostActions, inOfficerLanguage } from './hostActions';
import { LiveFeed } from './liveFeed';
import { PageClock } from './pageClock';
import { ReplayController, TIMELINE_BINS, wallClock, type ReplayClock } from './replayController';
import { StateStore } from './stateStore';
import type { IncidentFilters, LayerId, ReplayUi, Selection, UiState } from './types';
import { takLayer } from './takLayer';
import { UnitPositions } from './unitPositions';

// The store is split by job; this file is the one the views import.
export { emptyFilters, selectOperationNow } from './stateStore';
export { extendTrails, mergeDelta, TRAIL_WINDOW_MS } from './liveFeed';
export { MAX_SPEED, MIN_SPEED, TIMELINE_BINS } from './replayController';

/**
 * The renderer's store: one object, fed by the host's pushes, read with {@link useUi}. Feed
 * updates replace parts of the state ({@link LiveFeed}); replay is {@link ReplayController};
 * officer actions go to the host ({@link HostActions}) and come back as events.
 */
export class UiStore extends StateStore {
  private api: WatchfloorApi | null = null;
  /** Where every unit is, from the position channel (the map draws units from it while live). */
  readonly positions = new UnitPositions();
  /** The page's 1 Hz clock for ages, ticking with the map's redraws when they come (PageClock). */
  readonly clock = new PageClock(
    () => this.set({ now: Date.now() }),
    // In replay the map draws the replayed picture, not the position frames.
    () => this.snapshot.replay === null && this.positions.redrawDue,
  );
  private readonly live: LiveFeed;
  private readonly replayer: ReplayController;
  private readonly host: HostActions;

  constructor(clock: ReplayClock = wallClock) {
    super();
    const api = (): WatchfloorApi | null => this.api;
    this.live = new LiveFeed(this, api);
    this.replayer = new ReplayController(this, api, this.live, clock);
    this.host = new HostActions(this, api);
  }

  /** Connects to a host: loads the snapshot and the trails, then follows the pushes. */
  async connect(host: WatchfloorApi): Promise<void> {
    const api = inOfficerLanguage(host);
    this.api = api;
    api.on('state:delta', (delta) => this.live.receive(delta));
    api.on('positions:frame', (frame) => this.positions.receive(frame));
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', () => this.positions.wake());
    // The status carries the server's own words (its errors, the operation's name), the outbox
    // the names of what commands act on: feed text like the picture's.
    api.on('status:changed', (status) => this.set({ status: displayValue(status) }));
    api.on('outbox:changed', (outbox) => this.set({ outbox: displayValue(outbox) }));
    api.on('settings:changed', (settings) => this.set({ settings, muted: !settings.alertSounds }));
    takLayer.connect(api);
    await this.live.reload();
    await this.host.loadWorkstation(true);
    this.host.rememberLayout();
  }

  // ---- Host actions ------------------------------------------------------------------------

  loadWorkstation(atStart = false): Promise<void> {
    return this.host.loadWorkstation(atStart);
  }

  settingsCall<
    K extends
      | 'settings:saveProfile'
      | 'settings:deleteProfile'
      | 'settings:activate'
      | 'settings:setPreferences'
      | 'settings:finishFirstRun',
  >(channel: K, arg: InvokeArg<K>): Promise<string | null> {
    return this.host.settingsCall(channel, arg);
  }

  call<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<InvokeOutcome<K>> {
    return this.host.call(channel, arg);
  }

  run<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<boolean> {
    return this.host.run(channel, arg);
  }

  registerCommands(
    commands: readonly { id: string; label: string; shortcut?: string; run(): void }[],
  ): () => void {
    return this.host.registerCommands(commands);
  }

  exportFile(
    kind: ExportKind,
    from?: number,
    to?: number,
    language?: Language,
  ): Promise<ExportedFile | null> {
    return this.host.exportFile(kind, from, to, language);
  }

  reportPdf(from?: number, to?: number, language?: Language): Promise<ExportedFile | null> {
    return this.host.reportPdf(from, to, language);
  }

  /** An officer's action, one of the protocol's commands (see {@link HostActions.issue}). */
  issue<K extends CommandType>(type: K, payload: CommandPayload<K>): Promise<boolean> {
    return this.host.issue(type, payload);
  }

  // ---- Replay ------------------------------------------------------------------------------

  toggleReplay(): Promise<void> {
    return this.replayer.toggle();
  }

  enterReplay(at?: number): Promise<void> {
    return this.replayer.enter(at);
  }

  leaveReplay(): Promise<void> {
    return this.replayer.leave();
  }

  openArchive(path?: string): Promise<boolean> {
    return this.replayer.openArchive(path);
  }

  seek(at: number, exact = true): Promise<void> {
    return this.replayer.seek(at, exact);
  }

  play(): void {
    this.replayer.play();
  }

  pause(exact = true): void {
    this.replayer.pause(exact);
  }

  togglePlay(): void {
    this.replayer.togglePlay();
  }

  setSpeed(speed: number): void {
    this.replayer.setSpeed(speed);
  }

  setTrailWindow(ms: number): void {
    this.replayer.setTrailWindow(ms);
  }

  setDensityBy(densityBy: ReplayUi['densityBy']): void {
    this.replayer.setDensityBy(densityBy);
  }

  step(direction: 1 | -1, target: StepTarget = 'any'): Promise<void> {
    return this.replayer.step(direction, target);
  }

  fetchTimeline(bins = TIMELINE_BINS): Promise<TimelineSummary | null> {
    return this.replayer.fetchTimeline(bins);
  }

  refreshTimeline(): Promise<void> {
    return this.replayer.refreshTimeline();
  }

  bookmarkHere(label: string, note?: string, share = false): Promise<boolean> {
    return this.replayer.bookmarkHere(label, note, share);
  }

  removeBookmark(bookmarkId: string): Promise<void> {
    return this.replayer.removeBookmark(bookmarkId);
  }

  // ---- The page's own state ----------------------------------------------------------------

  select(selection: Selection | null): void {
    this.set({ selection });
  }

  flyTo(lon: number, lat: number, zoom = 10): void {
    this.set((s) => ({ flyTo: { lon, lat, zoom, serial: (s.flyTo?.serial ?? 0) + 1 } }));
  }

  toggleLayer(id: LayerId): void {
    this.set((s) => ({ layers: { ...s.layers, [id]: !s.layers[id] } }));
  }

  setFilters(patch: Partial<IncidentFilters>): void {
    this.set((s) => ({ filters: { ...s.filters, ...patch } }));
  }
}

/** The app's one store. */
export const ui = new UiStore();

/** Reads a slice of the UI state; the component re-renders when the slice changes. */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useSyncExternalStore(ui.subscribe, () => selector(ui.getSnapshot()));
}
