import { useSyncExternalStore } from 'react';
import type { StateDelta } from '../../../shared/coreTypes';
import { getOwn, setOwn, withoutOwn } from '../../../shared/getOwn';
import {
  DEFAULT_VIEW_SETTINGS,
  type InvokeArg,
  type InvokeChannel,
  type InvokeOutcome,
  type TrailPoint,
  type WatchfloorApi,
} from '../../../shared/ipc';
import { operationNow } from '../../../shared/domainRules';
import type { CommandPayload, CommandType, IssuedCommand } from '../../../shared/protocol/messages';
import type {
  ExportKind,
  ExportedFile,
  SeekResult,
  StepTarget,
  TimelineSummary,
} from '../../../shared/replay';
import { applyReplayDelta } from '../../../shared/replayDelta';
import { displayState, displayValue } from '../../../shared/displayText';
import { isUrgentDelta, mapDrawPace } from './drawPace';
import { UnitPositions } from './unitPositions';
import {
  ENTITY_COLLECTIONS,
  getEmptyState,
  type EntityCollection,
  type OperationState,
} from '../../../shared/state';
import { t } from '../i18n/i18n';
import {
  LAYER_IDS,
  type IncidentFilters,
  type LayerId,
  type ReplayUi,
  type Selection,
  type UiState,
} from './types';

/** Replay speed bounds. */
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 3600;
/** Playback asks for the next moment no more often than this (software WebGL draws a few frames a second). */
const PLAYBACK_TICK_MS = 200;
/** While replaying the live store, the timeline's extent and density are refreshed this often. */
const TIMELINE_REFRESH_MS = 5000;
/** Bins of the timeline's density. */
export const TIMELINE_BINS = 400;

/**
 * Operation time "now" for ages and staleness: the moment of the replayed picture on screen (not
 * the cursor, which runs ahead while dragging), else the newest event.
 */
export function selectOperationNow(s: UiState): number {
  return s.replay ? s.replay.shownAt : operationNow(s.status?.lastEventAt, s.now);
}

/** Deltas that arrive within this window are applied as one update (at most 4 a second). */
const DELTA_COALESCE_MS = 250;
/** A delta that changes more than positions waits at most this long for others to join it. */
const URGENT_COALESCE_MS = 50;
/** A layout change is saved this long after the last one (a burst of layer toggles is one write). */
const LAYOUT_SAVE_DELAY_MS = 1000;

/** What of the state the remembered layout is made of. */
function layoutKey(s: UiState): string {
  return `${s.panel}|${LAYER_IDS.map((id) => (s.layers[id] ? 1 : 0)).join('')}`;
}

/** How much trail the map keeps per unit (operation time). */
export const TRAIL_WINDOW_MS = 30 * 60_000;

/** Filters that show everything. */
export function emptyFilters(): IncidentFilters {
  return {
    categories: [],
    priorities: [],
    statuses: [],
    countries: [],
    sectorIds: [],
    withinMs: null,
    text: '',
  };
}

function initialState(): UiState {
  return {
    state: getEmptyState(),
    status: null,
    outbox: [],
    settings: { ...DEFAULT_VIEW_SETTINGS, operator: '' },
    trails: {},
    now: Date.now(),
    selection: null,
    layers: Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>,
    filters: emptyFilters(),
    flyTo: null,
    muted: false,
    panel: 'units',
    rosterFreshness: null,
    ready: false,
    notice: null,
    replay: null,
    workstation: null,
    settingsOpen: null,
    tokenPromptDismissed: false,
  };
}

/**
 * Applies a delta to the picture: changed entities replace their old versions, nothing else moves.
 * Feed text enters the page here and in {@link displayState} calls below, made fit to show once.
 */
export function mergeDelta(state: OperationState, delta: StateDelta): OperationState {
  const out: Record<EntityCollection, Readonly<Record<string, unknown>>> & {
    operation: OperationState['operation'];
  } = {
    ...state,
    operation: delta.operation !== undefined ? displayValue(delta.operation) : state.operation,
  };
  // Every collection of the picture, so one added to it cannot be left out here.
  for (const kind of ENTITY_COLLECTIONS) {
    const changed = displayValue(delta[kind] as Readonly<Record<string, unknown>>);
    if (Object.keys(changed).length > 0) out[kind] = { ...state[kind], ...changed };
  }
  return out as OperationState;
}

/** Adds the new positions of a delta to the trails and drops points older than the window. */
export function extendTrails(
  trails: Readonly<Record<string, readonly TrailPoint[]>>,
  delta: StateDelta,
  windowMs = TRAIL_WINDOW_MS,
): Readonly<Record<string, readonly TrailPoint[]>> {
  let next: Record<string, readonly TrailPoint[]> | null = null;
  for (const unit of Object.values(delta.units)) {
    const p = unit.position;
    if (!p) continue;
    const trail = getOwn(trails, unit.unitId) ?? [];
    const last = trail[trail.length - 1];
    if (last && last.ts >= p.at) continue;
    const cutoff = p.at - windowMs;
    const kept = trail.length > 0 && trail[0]!.ts < cutoff ? trail.filter((t) => t.ts >= cutoff) : trail;
    next ??= { ...trails };
    setOwn(next, unit.unitId, [...kept, { ts: p.at, lon: p.lon, lat: p.lat }]);
  }
  return next ?? trails;
}

/**
 * The renderer's store: one object, fed by the host's pushes, read with {@link useUi}. Feed
 * updates replace parts of the state; officer actions go to the host and come back as events.
 */
export class UiStore {
  private current: UiState = initialState();
  private readonly listeners = new Set<() => void>();
  private api: WatchfloorApi | null = null;
  /** Where every unit is, from the position channel (the map draws units from it while live). */
  readonly positions = new UnitPositions();

  /** The state now. */
  get snapshot(): UiState {
    return this.current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): UiState => this.current;

  /** Replaces part of the state and tells the views. */
  set(patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)): void {
    const changes = typeof patch === 'function' ? patch(this.current) : patch;
    this.current = { ...this.current, ...changes };
    for (const listener of this.listeners) listener();
  }

  /** Connects to a host: loads the snapshot and the trails, then follows the pushes. */
  async connect(api: WatchfloorApi): Promise<void> {
    this.api = api;
    api.on('state:delta', (delta) => {
      // In replay the picture is the replayed moment; the live feed goes on being stored by the
      // core, and the live picture is reloaded whole on the way back.
      if (this.current.replay) return;
      if (delta.reset) {
        this.queued = [];
        void this.reload();
        return;
      }
      this.queued.push(delta);
      this.scheduleFlush(isUrgentDelta(delta));
    });
    api.on('positions:frame', (frame) => this.positions.receive(frame));
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', () => this.positions.wake());
    // The status carries the server's own words (its errors, the operation's name), the outbox
    // the names of what commands act on: feed text like the picture's.
    api.on('status:changed', (status) => this.set({ status: displayValue(status) }));
    api.on('outbox:changed', (outbox) => this.set({ outbox: displayValue(outbox) }));
    api.on('settings:changed', (settings) => this.set({ settings, muted: !settings.alertSounds }));
    await this.reload();
    await this.loadWorkstation(true);
    this.rememberLayout();
  }

  // ---- Settings ----------------------------------------------------------------------------

  /** Fetches the workstation's settings; at start, also restores the layout and shows a settings problem. */
  async loadWorkstation(atStart = false): Promise<void> {
    if (!this.api) return;
    const outcome = await this.api.invoke('settings:get', {});
    if (!outcome.ok) return;
    const view = outcome.value;
    this.set({ workstation: view });
    if (!atStart) return;
    const layout = view.layout;
    if (layout)
      this.set((s) => ({
        panel: layout.panel,
        layers: Object.fromEntries(LAYER_IDS.map((id) => [id, layout.layers[id] ?? s.layers[id]])) as Record<
          LayerId,
          boolean
        >,
      }));
    if (view.problem) this.set({ notice: view.problem });
  }

  /** Runs a settings call; the answer is the new view, or the host's message. */
  async settingsCall<
    K extends
      | 'settings:saveProfile'
      | 'settings:deleteProfile'
      | 'settings:activate'
      | 'settings:setPreferences'
      | 'settings:finishFirstRun',
  >(channel: K, arg: InvokeArg<K>): Promise<string | null> {
    if (!this.api) return t('store:notConnected');
    const outcome = await this.api.invoke(channel, arg);
    if (!outcome.ok) return outcome.error;
    this.set({ workstation: outcome.value });
    return null;
  }

  /** The host's answer to any other call, for the settings dialog. */
  async call<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<InvokeOutcome<K>> {
    if (!this.api) return { ok: false, error: t('store:notConnected') };
    return this.api.invoke(channel, arg);
  }

  /** Saves the panel and the layers a moment after they change, so the next start opens the same. */
  private rememberLayout(): void {
    let last = layoutKey(this.current);
    let timer: ReturnType<typeof setTimeout> | null = null;
    this.subscribe(() => {
      const key = layoutKey(this.current);
      if (key === last) return;
      last = key;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void this.api?.invoke('settings:saveLayout', {
          layout: { panel: this.current.panel, layers: { ...this.current.layers } },
        });
      }, LAYOUT_SAVE_DELAY_MS);
    });
  }

  private queued: StateDelta[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDueAt = Infinity;
  private lastFlushAt = -Infinity;

  /**
   * Deltas arriving together become one update: one render of the panels and one of the map.
   * Position reports go on screen at the map's pace ({@link DrawPace}); anything else within
   * {@link URGENT_COALESCE_MS}, bringing the positions queued with it.
   */
  private scheduleFlush(urgent: boolean): void {
    const now = performance.now();
    const due = urgent
      ? now + URGENT_COALESCE_MS
      : Math.max(now + URGENT_COALESCE_MS, this.lastFlushAt + mapDrawPace.interval(DELTA_COALESCE_MS));
    if (this.flushTimer !== null && this.flushDueAt <= due) return;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushDueAt = due;
    this.flushTimer = setTimeout(() => this.applyQueued(), due - now);
  }

  private applyQueued(): void {
    this.flushTimer = null;
    this.flushDueAt = Infinity;
    this.lastFlushAt = performance.now();
    if (this.current.replay) {
      this.queued = [];
      return;
    }
    const deltas = this.queued;
    this.queued = [];
    if (deltas.length === 0) return;
    this.set((s) => {
      let state = s.state;
      let trails = s.trails;
      for (const delta of deltas) {
        state = mergeDelta(state, delta);
        trails = extendTrails(trails, delta);
      }
      return { state, trails };
    });
  }

  private async reload(): Promise<void> {
    if (!this.api) return;
    const snapshot = await this.api.invoke('core:snapshot', {});
    if (!snapshot.ok) {
      this.set({ notice: snapshot.error });
      return;
    }
    const { state, settings } = snapshot.value;
    const status = displayValue(snapshot.value.status);
    const outbox = displayValue(snapshot.value.outbox);
    if (!this.current.ready) this.set({ muted: !settings.alertSounds });
    const newest = status.lastEventAt ?? Date.now();
    const trails = await this.api.invoke('core:trails', {
      sinceTs: Math.max(946_684_800_000, newest - TRAIL_WINDOW_MS),
    });
    this.set({
      state: displayState(state),
      status,
      outbox,
      settings,
      trails: trails.ok ? trails.value : {},
      ready: true,
    });
  }

  /** Sends an officer's action; a refusal (bad input, a closed store) is shown as a notice. */
  async run<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<boolean> {
    if (!this.api) return false;
    if (this.current.replay && channel === 'ops:issue') {
      // The picture shown is a past moment: an action taken on it would act on the live operation.
      this.set({ notice: t('store:replayReadOnly') });
      return false;
    }
    const outcome = await this.api.invoke(channel, arg);
    if (!outcome.ok) this.set({ notice: outcome.error });
    return outcome.ok;
  }

  /**
   * Gives the host the command list (the desktop app builds its menus from it) and runs the
   * commands its menus send back: one list behind the menus, the palette and the shortcuts.
   */
  registerCommands(
    commands: readonly { id: string; label: string; shortcut?: string; run(): void }[],
  ): () => void {
    if (!this.api) return () => {};
    void this.api.invoke('ui:setMenu', {
      commands: commands.map(({ id, label, shortcut }) => ({ id, label, ...(shortcut ? { shortcut } : {}) })),
    });
    return this.api.on('ui:command', ({ id }) => commands.find((c) => c.id === id)?.run());
  }

  // ---- Replay ------------------------------------------------------------------------------

  private seekInFlight = false;
  private seekWanted: { at: number; exact: boolean } | null = null;
  private playTimer: ReturnType<typeof setTimeout> | null = null;
  private playClock = 0;
  private timelineTimer: ReturnType<typeof setInterval> | null = null;

  /** Switches between live and replay: the one action the timeline's button and the shortcut run. */
  toggleReplay(): Promise<void> {
    return this.current.replay ? this.leaveReplay() : this.enterReplay();
  }

  /**
   * Enters replay at `at` (default: the live edge), on whatever source the core's replay has
   * (the live store, unless an archive was opened).
   */
  async enterReplay(at?: number): Promise<void> {
    if (!this.api) return;
    const timeline = await this.api.invoke('replay:timeline', { bins: TIMELINE_BINS });
    if (!timeline.ok) {
      this.set({ notice: timeline.error });
      return;
    }
    const t = displayValue(timeline.value);
    const start = at ?? t.endTs ?? this.current.status?.lastEventAt ?? Date.now();
    const replay: ReplayUi = {
      source: t.source,
      timeline: t,
      at: clampTime(start, t.startTs, t.endTs),
      shownAt: clampTime(start, t.startTs, t.endTs),
      seq: 0,
      playing: false,
      speed: this.current.replay?.speed ?? 60,
      trailWindowMs: this.current.replay?.trailWindowMs ?? 15 * 60_000,
      log: [],
      lastSeek: null,
      densityBy: this.current.replay?.densityBy ?? 'priority',
    };
    this.queued = [];
    this.set({ replay, state: getEmptyState(), trails: {} });
    // A new picture starts here: answers to seeks sent before belong to the old one.
    this.epoch++;
    this.fullSeekPending = true;
    this.timelineTimer ??= setInterval(() => void this.refreshTimeline(), TIMELINE_REFRESH_MS);
    await this.seek(replay.at, true);
  }

  /** Back to the live picture (closing an archive that was replayed). */
  async leaveReplay(): Promise<void> {
    if (!this.api) return;
    this.pause(false);
    if (this.timelineTimer) clearInterval(this.timelineTimer);
    this.timelineTimer = null;
    const wasArchive = this.current.replay?.source.kind === 'archive';
    this.epoch++;
    this.set({ replay: null });
    if (wasArchive) await this.api.invoke('replay:useLive', {});
    await this.reload();
  }

  /** Opens an archive for replay (read only). The desktop app shows its own file dialog. */
  async openArchive(path?: string): Promise<boolean> {
    if (!this.api) return false;
    const opened = await this.api.invoke('replay:openArchive', path ? { path } : {});
    if (!opened.ok) {
      this.set({ notice: opened.error });
      return false;
    }
    this.pause(false);
    await this.enterReplay(Number.MIN_SAFE_INTEGER);
    return true;
  }

  /** True until the page holds a whole replayed picture (the core then sends it whole). */
  private fullSeekPending = false;
  /** Counts the pictures the page has started from (entering replay, leaving it). */
  private epoch = 0;

  /**
   * Shows the moment `at`. One request at a time; while one runs, only the newest wish is kept,
   * so dragging the timeline never queues up stale seeks.
   */
  async seek(at: number, exact = true): Promise<void> {
    const replay = this.current.replay;
    if (!this.api || !replay) return;
    const target = clampTime(at, replay.timeline?.startTs ?? null, replay.timeline?.endTs ?? null);
    this.set((s) => (s.replay ? { replay: { ...s.replay, at: target } } : {}));
    if (this.seekInFlight) {
      this.seekWanted = { at: target, exact: exact || (this.seekWanted?.exact ?? false) };
      return;
    }
    this.seekInFlight = true;
    try {
      let wish: { at: number; exact: boolean } | null = { at: target, exact };
      while (wish) {
        const { at: t, exact: x } = wish;
        this.seekWanted = null;
        const epoch = this.epoch;
        const fresh = this.fullSeekPending;
        const result = await this.api.invoke('replay:seek', {
          at: t,
          trailWindowMs: this.current.replay?.trailWindowMs ?? 15 * 60_000,
          exact: x || fresh,
          ...(fresh ? { fresh: true } : {}),
        });
        if (!this.current.replay) return;
        if (epoch !== this.epoch) {
          // Sent for a picture the page has dropped since: ask again, whole, for the newest wish.
          wish = this.seekWanted ?? { at: this.current.replay.at, exact: true };
          continue;
        }
        if (!result.ok) {
          this.set({ notice: result.error });
          this.pause(false);
          return;
        }
        if (fresh) this.fullSeekPending = false;
        this.applySeek(result.value);
        wish = this.seekWanted;
      }
    } finally {
      this.seekInFlight = false;
    }
  }

  private applySeek(result: SeekResult): void {
    this.set((s) => {
      if (!s.replay) return {};
      let state = s.state;
      if (result.state) state = displayState(result.state);
      else if (result.delta)
        state = applyReplayDelta(state, { ...result.delta, changed: displayValue(result.delta.changed) });
      let trails = s.trails;
      if (result.trails) trails = result.trails;
      else if (result.trailsAdded)
        trails = growTrails(trails, result.trailsAdded, result.at - s.replay.trailWindowMs);
      if (result.delta) for (const id of result.delta.removed.units) trails = withoutOwn(trails, id);
      return {
        state,
        trails,
        replay: {
          ...s.replay,
          at: s.replay.playing || this.seekWanted ? s.replay.at : result.at,
          shownAt: result.at,
          seq: result.seq,
          log: displayValue(result.log),
          lastSeek: { tookMs: result.tookMs, path: result.path },
        },
      };
    });
  }

  /** Plays forward at the chosen speed until paused or the end of the log. */
  play(): void {
    const replay = this.current.replay;
    if (!replay || replay.playing) return;
    const end = replay.timeline?.endTs ?? null;
    // At the end, play again from the start.
    const at = end !== null && replay.at >= end ? (replay.timeline?.startTs ?? replay.at) : replay.at;
    this.set({ replay: { ...replay, playing: true, at } });
    this.playClock = performance.now();
    this.tick();
  }

  /** Pauses; the trails are then fetched exactly for the moment shown. */
  pause(exact = true): void {
    if (this.playTimer) clearTimeout(this.playTimer);
    this.playTimer = null;
    const replay = this.current.replay;
    if (!replay?.playing) return;
    this.set({ replay: { ...replay, playing: false } });
    if (exact) void this.seek(replay.at, true);
  }

  togglePlay(): void {
    if (this.current.replay?.playing) this.pause();
    else this.play();
  }

  private tick(): void {
    const replay = this.current.replay;
    if (!replay?.playing) return;
    const wall = performance.now();
    const elapsed = wall - this.playClock;
    this.playClock = wall;
    const end = replay.timeline?.endTs ?? Number.POSITIVE_INFINITY;
    const at = Math.min(end, replay.at + elapsed * replay.speed);
    void this.seek(at, false).then(() => {
      if (at >= end) {
        this.pause();
        return;
      }
      if (this.current.replay?.playing) this.playTimer = setTimeout(() => this.tick(), PLAYBACK_TICK_MS);
    });
  }

  /** Sets the speed; out-of-range values are brought into 0.5-3600. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    const clamped = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    this.set((s) => (s.replay ? { replay: { ...s.replay, speed: clamped } } : {}));
  }

  setTrailWindow(ms: number): void {
    this.set((s) => (s.replay ? { replay: { ...s.replay, trailWindowMs: ms } } : {}));
    const replay = this.current.replay;
    if (replay && !replay.playing) void this.seek(replay.at, true);
  }

  setDensityBy(densityBy: ReplayUi['densityBy']): void {
    this.set((s) => (s.replay ? { replay: { ...s.replay, densityBy } } : {}));
  }

  /** Jumps to the next (1) or previous (-1) incident or bookmark. */
  async step(direction: 1 | -1, target: StepTarget = 'any'): Promise<void> {
    const replay = this.current.replay;
    if (!this.api || !replay) return;
    this.pause(false);
    const next = await this.api.invoke('replay:step', { from: replay.at, direction, target });
    if (!next.ok) {
      this.set({ notice: next.error });
      return;
    }
    if (next.value.at === null) {
      this.set({
        notice: direction === 1 ? t(`store:noneAfter.${target}`) : t(`store:noneBefore.${target}`),
      });
      return;
    }
    await this.seek(next.value.at, true);
  }

  /**
   * The timeline's density and extent without entering replay, for the slim bar shown live. Null
   * when the host has none to give (nothing recorded, or an older host); no notice, since it polls.
   */
  async fetchTimeline(bins = TIMELINE_BINS): Promise<TimelineSummary | null> {
    if (!this.api) return null;
    const timeline = await this.api.invoke('replay:timeline', { bins });
    return timeline.ok ? displayValue(timeline.value) : null;
  }

  async refreshTimeline(): Promise<void> {
    if (!this.api || !this.current.replay) return;
    const timeline = await this.api.invoke('replay:timeline', { bins: TIMELINE_BINS });
    if (timeline.ok)
      this.set((s) => (s.replay ? { replay: { ...s.replay, timeline: displayValue(timeline.value) } } : {}));
  }

  /** Bookmarks the moment shown, on this workstation (and for the whole operation with `share`). */
  async bookmarkHere(label: string, note?: string, share = false): Promise<boolean> {
    const replay = this.current.replay;
    if (!this.api || !replay) return false;
    const added = await this.api.invoke('replay:addBookmark', {
      label,
      at: Math.round(replay.at),
      ...(note ? { note } : {}),
      share,
    });
    if (!added.ok) {
      this.set({ notice: added.error });
      return false;
    }
    await this.refreshTimeline();
    return true;
  }

  async removeBookmark(bookmarkId: string): Promise<void> {
    if (await this.run('replay:removeBookmark', { bookmarkId })) await this.refreshTimeline();
  }

  /** Writes an export; the file's place (and, in the browser host, its address) comes back. */
  exportFile(kind: ExportKind, from?: number, to?: number): Promise<ExportedFile | null> {
    return this.written('export:write', { kind, ...period(from, to) });
  }

  /** The report as PDF (the desktop app prints it; the browser host says how to). */
  reportPdf(from?: number, to?: number): Promise<ExportedFile | null> {
    return this.written('report:pdf', period(from, to));
  }

  private async written<K extends 'export:write' | 'report:pdf'>(
    channel: K,
    arg: InvokeArg<K>,
  ): Promise<ExportedFile | null> {
    if (!this.api) return null;
    const written = await this.api.invoke(channel, arg);
    if (!written.ok) {
      this.set({ notice: written.error });
      return null;
    }
    return written.value;
  }

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

  /**
   * Sends an officer's action (one of the protocol's commands); a refusal (bad input, a closed
   * store) is shown as a notice. Refused in replay: the picture shown is a past moment.
   */
  issue<K extends CommandType>(type: K, payload: CommandPayload<K>): Promise<boolean> {
    return this.run('ops:issue', { type, payload } as IssuedCommand);
  }
}

/**
 * Adds a step of playback's reports to the trails and drops what left the window: every report
 * shows, not only each unit's latest, so a trail drawn while playing at 600x is the route driven.
 */
export function growTrails(
  trails: Readonly<Record<string, readonly TrailPoint[]>>,
  added: Readonly<Record<string, readonly TrailPoint[]>>,
  cutoff: number,
): Readonly<Record<string, readonly TrailPoint[]>> {
  const next: Record<string, readonly TrailPoint[]> = {};
  for (const id of new Set([...Object.keys(trails), ...Object.keys(added)])) {
    const held = getOwn(trails, id) ?? [];
    const last = held[held.length - 1]?.ts ?? Number.NEGATIVE_INFINITY;
    const fresh = (getOwn(added, id) ?? []).filter((p) => p.ts > last);
    const kept = held.length > 0 && held[0]!.ts < cutoff ? held.filter((p) => p.ts >= cutoff) : held;
    const merged = fresh.length > 0 ? [...kept, ...fresh] : kept;
    if (merged.length > 0) setOwn(next, id, merged);
  }
  return next;
}

function period(from?: number, to?: number): { from?: number; to?: number } {
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function clampTime(at: number, start: number | null, end: number | null): number {
  let t = at;
  if (end !== null && t > end) t = end;
  if (start !== null && t < start) t = start;
  return Math.round(t);
}

/** The app's one store. */
export const ui = new UiStore();

/** Reads a slice of the UI state; the component re-renders when the slice changes. */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useSyncExternalStore(ui.subscribe, () => selector(ui.getSnapshot()));
}
