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
/** Playback asks for the next moment no sooner than this after the last (wall time). */
export const PLAYBACK_MIN_INTERVAL_MS = 50;
/**
 * The most operation time one step of playback covers: a page that cannot draw pictures fast enough
 * for the speed chosen plays slower (and says it is behind) rather than skipping what happened.
 */
export const PLAYBACK_STEP_MAX_MS = 2 * 60_000;
/**
 * Playback keeps the map busy drawing its pictures at most 1/share of the time: after a picture
 * that took `c` ms to reach the screen, the next waits (share - 1) * c more, so the officer can
 * still pan, click and read while it plays, whatever the machine.
 */
export const PLAYBACK_DRAW_SHARE = 2.5;
/** However slow the map, the next picture waits no longer than this after one is drawn. */
export const PLAYBACK_REST_MAX_MS = 1_500;
/** While replaying the live store, the timeline's extent and density are refreshed this often. */
export const TIMELINE_REFRESH_MS = 5000;
/** Bins of the timeline's density. */
export const TIMELINE_BINS = 400;
/** Animation frames a picture waits for the map to draw it before the map is taken to have nothing to draw. */
const FRAME_WAIT_MAX = 4;
/** An animation frame this short means the page (and the GPU process) has drawn what it had. */
const QUIET_FRAME_MS = 34;
/** However busy the page stays, a picture counts as drawn after this long. */
const QUIET_WAIT_MAX_MS = 3_000;

/** The wall clock playback runs on: injected, so that tests drive it without waiting. */
export interface ReplayClock {
  /** Wall-clock milliseconds (any origin; only differences count). */
  now(): number;
  /** Runs `run` once after `ms`; the answer cancels it. */
  after(ms: number, run: () => void): () => void;
  /** Runs `run` every `ms`; the answer stops it. */
  every(ms: number, run: () => void): () => void;
  /**
   * Runs `run` once the map has drawn what the store holds now, with how long that took (ms; 0 when
   * nothing was drawn); the answer cancels it. Without it, a picture counts as drawn at once.
   */
  frame?(run: (drawMs: number) => void): () => void;
}

/** The page's clock: `performance.now`, the timers, and the map's frames (mapProbe's count). */
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
  frame: (run) => {
    // A hidden page draws nothing (and runs no animation frames): its picture counts as drawn.
    if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.hidden) {
      const timer = setTimeout(() => run(0), 0);
      return () => clearTimeout(timer);
    }
    const started = performance.now();
    const framesBefore = window.__watchfloorMap?.frames ?? 0;
    let raf = 0;
    let frames = 0;
    let last = started;
    let mapDrew = false;
    // With software WebGL the GPU process draws after the page has handed it the frames, and the
    // page's animation frames stay long until it is done: the picture has cost until the first
    // short frame after the map drew it. A picture that changed nothing on the map costs what the
    // page spent until then all the same.
    const check = (): void => {
      const now = performance.now();
      const interval = now - last;
      last = now;
      frames++;
      if (!mapDrew) {
        // deck.gl draws in an animation frame of its own, queued before this one.
        mapDrew = (window.__watchfloorMap?.frames ?? 0) > framesBefore || frames >= FRAME_WAIT_MAX;
      } else if (interval <= QUIET_FRAME_MS || now - started >= QUIET_WAIT_MAX_MS) {
        run(now - started);
        return;
      }
      raf = requestAnimationFrame(check);
    };
    raf = requestAnimationFrame(check);
    return () => cancelAnimationFrame(raf);
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
  /** A seek is out to the core: never more than one. */
  private seekInFlight = false;
  /** The newest moment asked for (not by playback) while one was out: sent next. */
  private seekWanted: { at: number; exact: boolean } | null = null;
  /** Those awaiting their seek: settled once no moment asked for is left to send. */
  private seekWaiters: (() => void)[] = [];
  /** Counts each play and pause: a step of playback asked by an earlier run is not shown. */
  private playRun = 0;
  /** The operation time playback last asked for, and the wall time it asked. */
  private playAt = 0;
  private playClock = 0;
  /** The least interval between two steps of playback, running. */
  private stopPlayTimer: (() => void) | null = null;
  /** The last picture of playback: until it is drawn and its rest is over, the next waits. */
  private drawing: { cancel: () => void; readyAt: number | null } | null = null;
  /** Wakes the step waiting for the map (a new moment asked for, a pause, the map's frame). */
  private wake: (() => void) | null = null;
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
   * so dragging the timeline never queues up stale seeks. While playing, playback goes on from
   * `at`. Settles once the moment asked for (or a newer one) is shown.
   */
  seek(at: number, exact = true): Promise<void> {
    const replay = this.store.snapshot.replay;
    if (!this.api() || !replay) return Promise.resolve();
    const target = clampTime(at, replay.timeline?.startTs ?? null, replay.timeline?.endTs ?? null);
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, at: target } } : {}));
    this.seekWanted = { at: target, exact: exact || (this.seekWanted?.exact ?? false) };
    if (replay.playing) {
      this.playAt = target;
      this.playClock = this.clock.now();
    }
    const shown = new Promise<void>((resolve) => this.seekWaiters.push(resolve));
    this.wake?.();
    void this.pump();
    return shown;
  }

  /**
   * Sends what is wanted, one request at a time: the newest moment asked for first, else the next
   * step of playback. A step goes out as soon as the last is on screen (the core folds it while the
   * map draws), and is shown once the map has drawn the last picture and rested: pictures never
   * queue up faster than they are drawn.
   */
  private async pump(): Promise<void> {
    const api = this.api();
    if (!api || this.seekInFlight) return;
    this.seekInFlight = true;
    try {
      for (;;) {
        const wish = this.nextWish();
        if (!wish) return;
        const epoch = this.epoch;
        const fresh = this.fullSeekPending;
        const result = await api.invoke('replay:seek', {
          at: wish.at,
          trailWindowMs: this.store.snapshot.replay?.trailWindowMs ?? 15 * 60_000,
          exact: wish.exact || fresh,
          ...(fresh ? { fresh: true } : {}),
        });
        const now = this.store.snapshot.replay;
        if (!now) return;
        if (epoch !== this.epoch) {
          // Sent for a picture the page has dropped since: ask again, whole, for the newest wish.
          this.seekWanted ??= { at: now.at, exact: true };
          continue;
        }
        if (!result.ok) {
          this.store.set({ notice: result.error });
          this.pause(false);
          return;
        }
        if (wish.run !== null && !fresh) {
          await this.untilDrawn(wish.run);
          // Paused, or another moment asked for meanwhile: the newest wish wins, this step is dropped.
          if (wish.run !== this.playRun || this.seekWanted) continue;
        }
        if (fresh) this.fullSeekPending = false;
        this.applySeek(result.value);
        if (!this.seekWanted) this.settleSeeks();
        if (wish.run !== null) {
          this.startDrawing();
          const end = this.store.snapshot.replay?.timeline?.endTs ?? null;
          if (end !== null && wish.at >= end) this.pause();
        }
      }
    } finally {
      this.seekInFlight = false;
      this.settleSeeks();
    }
  }

  private settleSeeks(): void {
    const waiters = this.seekWaiters;
    this.seekWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** The moment asked for, else the next step of playback when one is due (else it is timed). */
  private nextWish(): { at: number; exact: boolean; run: number | null } | null {
    if (this.seekWanted) {
      const wanted = this.seekWanted;
      this.seekWanted = null;
      return { ...wanted, run: null };
    }
    const replay = this.store.snapshot.replay;
    if (!replay?.playing || this.stopPlayTimer) return null;
    const wall = this.clock.now();
    const wait = this.playClock + PLAYBACK_MIN_INTERVAL_MS - wall;
    if (wait > 0) {
      this.stopPlayTimer = this.clock.after(wait, () => {
        this.stopPlayTimer = null;
        void this.pump();
      });
      return null;
    }
    // The wall time since the last step, times the speed; at most PLAYBACK_STEP_MAX_MS.
    const end = replay.timeline?.endTs ?? Number.POSITIVE_INFINITY;
    const wanted = this.playAt + (wall - this.playClock) * replay.speed;
    const capped = this.playAt + PLAYBACK_STEP_MAX_MS;
    const at = clampTime(Math.min(end, wanted, capped), replay.timeline?.startTs ?? null, end);
    const behind = wanted > capped && capped < end;
    this.playAt = at;
    this.playClock = wall;
    this.store.set((s) => (s.replay ? { replay: { ...s.replay, at, behind } } : {}));
    return { at, exact: false, run: this.playRun };
  }

  /** Notes the picture of playback just applied: the next waits for the map to draw it, then rests. */
  private startDrawing(): void {
    this.drawing?.cancel();
    const drawing: { cancel: () => void; readyAt: number | null } = { cancel: () => {}, readyAt: null };
    this.drawing = drawing;
    if (!this.clock.frame) {
      drawing.readyAt = this.clock.now();
      return;
    }
    drawing.cancel = this.clock.frame((drawMs) => {
      drawing.readyAt = this.clock.now() + Math.min(PLAYBACK_REST_MAX_MS, (PLAYBACK_DRAW_SHARE - 1) * drawMs);
      this.wake?.();
    });
  }

  /** Until the last picture of playback is drawn and rested, or playback `run` is over, or a seek is asked. */
  private untilDrawn(run: number): Promise<void> {
    return new Promise((resolve) => {
      let stopRest: (() => void) | null = null;
      const check = (): void => {
        stopRest?.();
        stopRest = null;
        const drawing = this.drawing;
        const left =
          drawing?.readyAt === null ? Number.POSITIVE_INFINITY : (drawing?.readyAt ?? 0) - this.clock.now();
        if (!drawing || left <= 0 || run !== this.playRun || this.seekWanted) {
          if (drawing && left <= 0) this.drawing = null;
          this.wake = null;
          resolve();
          return;
        }
        this.wake = check;
        if (Number.isFinite(left)) stopRest = this.clock.after(left, check);
      };
      check();
    });
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
    this.playRun++;
    this.playAt = at;
    this.playClock = this.clock.now();
    void this.pump();
  }

  /** Pauses; the trails are then fetched exactly for the moment shown. */
  pause(exact = true): void {
    this.stopPlayTimer?.();
    this.stopPlayTimer = null;
    this.drawing?.cancel();
    this.drawing = null;
    const replay = this.store.snapshot.replay;
    if (!replay?.playing) return;
    this.playRun++;
    this.store.set({ replay: { ...replay, playing: false, behind: false } });
    this.wake?.();
    if (exact) void this.seek(replay.at, true);
  }

  togglePlay(): void {
    if (this.store.snapshot.replay?.playing) this.pause();
    else this.play();
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
