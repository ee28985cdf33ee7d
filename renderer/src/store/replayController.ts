import type { SeekResult, StepTarget, TimelineSummary } from '../../../shared/replay';
import { mergeTrails } from '../../../shared/trails';
import { displayState, displayValue } from '../../../shared/displayText';
import { getEmptyState } from '../../../shared/state';
import { t } from '../i18n/i18n';
import { mergeDelta } from './liveFeed';
import type { ApiRef, StateStore } from './stateStore';
import type { ReplayUi } from './types';

/** Replay speed bounds. */
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 3600;
/** Playback asks for the next moment no more often than this (software WebGL draws a few frames a second). */
export const PLAYBACK_TICK_MS = 200;
/** While replaying the live store, the timeline's extent and density are refreshed this often. */
export const TIMELINE_REFRESH_MS = 5000;
/** Bins of the timeline's density. */
export const TIMELINE_BINS = 400;

/** The wall clock playback runs on: injected, so that tests drive it without waiting. */
export interface ReplayClock {
  /** Wall-clock milliseconds (any origin; only differences count). */
  now(): number;
  /** Runs `run` once after `ms`; the answer cancels it. */
  after(ms: number, run: () => void): () => void;
  /** Runs `run` every `ms`; the answer stops it. */
  every(ms: number, run: () => void): () => void;
}

/** The page's clock: `performance.now` and the timers. */
export const wallClock: ReplayClock = {
  now: () => performance.now(),
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  every: (ms, run) => {
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  },
};

/** What replay needs of the live picture: to drop its queued deltas and to load it again. */
export interface LivePicture {
  drop(): void;
  reload(): Promise<void>;
}

/**
 * Replay: enters and leaves it, seeks (one request at a time, the newest wish kept), plays at a
 * speed on {@link ReplayClock}, steps to incidents and bookmarks, and keeps the timeline fresh.
 * The picture it shows is `UiState.replay` and the state and trails of the store.
 */
export class ReplayController {
  private seekInFlight = false;
  private seekWanted: { at: number; exact: boolean } | null = null;
  private stopPlayTimer: (() => void) | null = null;
  private playClock = 0;
  private stopTimelineTimer: (() => void) | null = null;
  /** True until the page holds a whole replayed picture (the core then sends it whole). */
  private fullSeekPending = false;
  /** Counts the pictures the page has started from (entering replay, leaving it). */
  private epoch = 0;

  constructor(
    private readonly store: StateStore,
    private readonly api: ApiRef,
    private readonly live: LivePicture,
    private readonly clock: ReplayClock = wallClock,
  ) {}

  /** Switches between live and replay: the one action the timeline's button and the shortcut run. */
  toggle(): Promise<void> {
    return this.store.snapshot.replay ? this.leave() : this.enter();
  }

  /**
   * Enters replay at `at` (default: the live edge), on whatever source the core's replay has
   * (the live store, unless an archive was opened).
   */
  async enter(at?: number): Promise<void> {
    const api = this.api();
    if (!api) return;
    const timeline = await api.invoke('replay:timeline', { bins: TIMELINE_BINS });
    if (!timeline.ok) {
      this.store.set({ notice: timeline.error });
      return;
    }
    const summary = displayValue(timeline.value);
    const current = this.store.snapshot;
    const start = at ?? summary.endTs ?? current.status?.lastEventAt ?? Date.now();
    const replay: ReplayUi = {
      source: summary.source,
      timeline: summary,
      at: clampTime(start, summary.startTs, summary.endTs),
      shownAt: clampTime(start, summary.startTs, summary.endTs),
      seq: 0,
      playing: false,
      speed: current.replay?.speed ?? 60,
      trailWindowMs: current.replay?.trailWindowMs ?? 15 * 60_000,
      log: [],
      lastSeek: null,
      densityBy: current.replay?.densityBy ?? 'priority',
    };
    this.live.drop();
    this.store.set({ replay, state: getEmptyState(), trails: {} });
    // A new picture starts here: answers to seeks sent before belong to the old one.
    this.epoch++;
    this.fullSeekPending = true;
    this.stopTimelineTimer ??= this.clock.every(TIMELINE_REFRESH_MS, () => void this.refreshTimeline());
    await this.seek(replay.at, true);
  }

  /** Back to the live picture (closing an archive that was replayed). */
  async leave(): Promise<void> {
    const api = this.api();
    if (!api) return;
    this.pause(false);
    this.stopTimelineTimer?.();
    this.stopTimelineTimer = null;
    const wasArchive = this.store.snapshot.replay?.source.kind === 'archive';
    this.epoch++;
    this.store.set({ replay: null });
    if (wasArchive) await api.invoke('replay:useLive', {});
    await this.live.reload();
  }

  /** Opens an archive for replay (read only). The desktop app shows its own file dialog. */
  async openArchive(path?: string): Promise<boolean> {
    const api = this.api();
    if (!api) return false;
    const opened = await api.invoke('replay:openArchive', path ? { path } : {});
    if (!opened.ok) {
      this.store.set({ notice: opened.error });
      return false;
    }
    this.pause(false);
    await this.enter(Number.MIN_SAFE_INTEGER);
    return true;
  }

  /**
   * Shows the moment `at`. One request at a time; while one runs, only the newest wish is kept,
   * so dragging the timeline never queues up stale seeks.
   */
  async seek(at: number, exact = true): Promise<void> {
    const api = this.api();
    const replay = this.store.snapshot.replay;
    if (!api || !replay) return;
    const target = clampTime(at, replay.timeline?.startTs ?? null, replay.timeline?.endTs ?? null);
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, at: target } } : {}));
    if (this.seekInFlight) {
      this.seekWanted = { at: target, exact: exact || (this.seekWanted?.exact ?? false) };
      return;
    }
    this.seekInFlight = true;
    try {
      let wish: { at: number; exact: boolean } | null = { at: target, exact };
      while (wish) {
        const { at: wishedAt, exact: wishedExact } = wish;
        this.seekWanted = null;
        const epoch = this.epoch;
        const fresh = this.fullSeekPending;
        const result = await api.invoke('replay:seek', {
          at: wishedAt,
          trailWindowMs: this.store.snapshot.replay?.trailWindowMs ?? 15 * 60_000,
          exact: wishedExact || fresh,
          ...(fresh ? { fresh: true } : {}),
        });
        const now = this.store.snapshot.replay;
        if (!now) return;
        if (epoch !== this.epoch) {
          // Sent for a picture the page has dropped since: ask again, whole, for the newest wish.
          wish = this.seekWanted ?? { at: now.at, exact: true };
          continue;
        }
        if (!result.ok) {
          this.store.set({ notice: result.error });
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
    this.store.set((s) => {
      if (!s.replay) return {};
      let state = s.state;
      if (result.state) state = displayState(result.state);
      else if (result.delta) state = mergeDelta(state, result.delta);
      // Every report since the last step, merged as the live trails are (a trail drawn while
      // playing at 600x is the route driven); a seek's exact trails replace them.
      const trails = mergeTrails(
        result.trails ?? s.trails,
        result.trailsAdded ?? {},
        result.at - s.replay.trailWindowMs,
        result.delta?.removed.units,
      );
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
    const replay = this.store.snapshot.replay;
    if (!replay || replay.playing) return;
    const end = replay.timeline?.endTs ?? null;
    // At the end, play again from the start.
    const at = end !== null && replay.at >= end ? (replay.timeline?.startTs ?? replay.at) : replay.at;
    this.store.set({ replay: { ...replay, playing: true, at } });
    this.playClock = this.clock.now();
    this.tick();
  }

  /** Pauses; the trails are then fetched exactly for the moment shown. */
  pause(exact = true): void {
    this.stopPlayTimer?.();
    this.stopPlayTimer = null;
    const replay = this.store.snapshot.replay;
    if (!replay?.playing) return;
    this.store.set({ replay: { ...replay, playing: false } });
    if (exact) void this.seek(replay.at, true);
  }

  togglePlay(): void {
    if (this.store.snapshot.replay?.playing) this.pause();
    else this.play();
  }

  /** One step of playback: the wall time since the last, times the speed, from the cursor. */
  private tick(): void {
    this.stopPlayTimer = null;
    const replay = this.store.snapshot.replay;
    if (!replay?.playing) return;
    const wall = this.clock.now();
    const elapsed = wall - this.playClock;
    this.playClock = wall;
    const end = replay.timeline?.endTs ?? Number.POSITIVE_INFINITY;
    const at = Math.min(end, replay.at + elapsed * replay.speed);
    void this.seek(at, false).then(() => {
      if (at >= end) {
        this.pause();
        return;
      }
      if (this.store.snapshot.replay?.playing && !this.stopPlayTimer)
        this.stopPlayTimer = this.clock.after(PLAYBACK_TICK_MS, () => this.tick());
    });
  }

  /** Sets the speed; out-of-range values are brought into 0.5-3600. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    const clamped = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, speed: clamped } } : {}));
  }

  setTrailWindow(ms: number): void {
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, trailWindowMs: ms } } : {}));
    const replay = this.store.snapshot.replay;
    if (replay && !replay.playing) void this.seek(replay.at, true);
  }

  setDensityBy(densityBy: ReplayUi['densityBy']): void {
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, densityBy } } : {}));
  }

  /** Jumps to the next (1) or previous (-1) incident or bookmark. */
  async step(direction: 1 | -1, target: StepTarget = 'any'): Promise<void> {
    const api = this.api();
    const replay = this.store.snapshot.replay;
    if (!api || !replay) return;
    this.pause(false);
    const next = await api.invoke('replay:step', { from: replay.at, direction, target });
    if (!next.ok) {
      this.store.set({ notice: next.error });
      return;
    }
    if (next.value.at === null) {
      this.store.set({
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
    const api = this.api();
    if (!api) return null;
    const timeline = await api.invoke('replay:timeline', { bins });
    return timeline.ok ? displayValue(timeline.value) : null;
  }

  async refreshTimeline(): Promise<void> {
    const api = this.api();
    if (!api || !this.store.snapshot.replay) return;
    const timeline = await api.invoke('replay:timeline', { bins: TIMELINE_BINS });
    if (timeline.ok)
      this.store.set((s) =>
        s.replay ? { replay: { ...s.replay, timeline: displayValue(timeline.value) } } : {},
      );
  }

  /** Bookmarks the moment shown, on this workstation (and for the whole operation with `share`). */
  async bookmarkHere(label: string, note?: string, share = false): Promise<boolean> {
    const api = this.api();
    const replay = this.store.snapshot.replay;
    if (!api || !replay) return false;
    const added = await api.invoke('replay:addBookmark', {
      label,
      at: Math.round(replay.at),
      ...(note ? { note } : {}),
      share,
    });
    if (!added.ok) {
      this.store.set({ notice: added.error });
      return false;
    }
    await this.refreshTimeline();
    return true;
  }

  async removeBookmark(bookmarkId: string): Promise<void> {
    const api = this.api();
    if (!api) return;
    const removed = await api.invoke('replay:removeBookmark', { bookmarkId });
    if (!removed.ok) {
      this.store.set({ notice: removed.error });
      return;
    }
    await this.refreshTimeline();
  }
}

function clampTime(at: number, start: number | null, end: number | null): number {
  let clamped = at;
  if (end !== null && clamped > end) clamped = end;
  if (start !== null && clamped < start) clamped = start;
  return Math.round(clamped);
}
