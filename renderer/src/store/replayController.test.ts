import { describe, expect, it } from 'vitest';
import type { WatchfloorApi } from '../../../shared/ipc';
import type { SeekResult, TimelineSummary } from '../../../shared/replay';
import { getEmptyState } from '../../../shared/state';
import {
  MAX_SPEED,
  MIN_SPEED,
  PLAYBACK_MIN_INTERVAL_MS,
  PLAYBACK_STEP_MAX_MS,
  ReplayController,
  type ReplayClock,
} from './replayController';
import { StateStore } from './stateStore';

const T0 = Date.UTC(2026, 9, 5, 6);
const HOUR = 3_600_000;
/** Wall time for a few steps of playback (a whole number of the least interval between them). */
const TICK = 4 * PLAYBACK_MIN_INTERVAL_MS;

/** A wall clock that moves only when the test says, running what fell due on the way. */
class FakeClock implements ReplayClock {
  private wall = 0;
  private timers: { due: number; every: number | null; run: () => void; id: number }[] = [];
  private ids = 0;
  now = (): number => this.wall;
  after = (ms: number, run: () => void): (() => void) => this.add(ms, null, run);
  every = (ms: number, run: () => void): (() => void) => this.add(ms, ms, run);
  private add(ms: number, every: number | null, run: () => void): () => void {
    const id = ++this.ids;
    this.timers.push({ due: this.wall + ms, every, run, id });
    return () => (this.timers = this.timers.filter((x) => x.id !== id));
  }
  /** Moves the clock by `ms`, running each timer that falls due and letting its promises settle. */
  async advance(ms: number): Promise<void> {
    const until = this.wall + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((x) => x.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.wall = next.due;
      if (next.every === null) this.timers = this.timers.filter((x) => x !== next);
      else next.due += next.every;
      next.run();
    }
    this.wall = until;
    await settle();
  }
  get pending(): number {
    return this.timers.length;
  }
  /** What the map takes to draw a picture (ms), and whether it is held (the frame not yet drawn). */
  frameMs = 16;
  holdFrames = false;
  private held: (() => void)[] = [];
  /** How many pictures were waited on. */
  framesAsked = 0;
  frame = (run: (drawMs: number) => void): (() => void) => {
    this.framesAsked++;
    if (this.holdFrames) {
      const draw = (): void => run(this.frameMs);
      this.held.push(draw);
      return () => (this.held = this.held.filter((x) => x !== draw));
    }
    const ms = this.frameMs;
    return this.after(ms, () => run(ms));
  };
  /** The map draws what it was holding. */
  async drawHeld(): Promise<void> {
    const held = this.held;
    this.holdFrames = false;
    this.held = [];
    for (const draw of held) draw();
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const timeline: TimelineSummary = {
  source: { kind: 'live' } as TimelineSummary['source'],
  startTs: T0,
  endTs: T0 + 2 * HOUR,
  binMs: 60_000,
  bins: { byPriority: { low: [], medium: [], high: [], critical: [] } as never, byCategory: {} },
  incidentCount: 0,
  bookmarks: [],
};

interface Seek {
  at: number;
  exact: boolean;
  /** Wall time it was sent and answered. */
  sentAt: number;
  answeredAt: number | null;
}

/**
 * A host whose replay answers each seek with the moment asked, `latency.ms` of the clock later (at
 * once when 0), and records the asks.
 */
function replayHost(clock: FakeClock, stepTo: number | null = null) {
  const seeks: Seek[] = [];
  const latency = { ms: 0 };
  const answer = (seek: Seek, resolve: (v: unknown) => void): void => {
    seek.answeredAt = clock.now();
    const value: SeekResult = {
      at: seek.at,
      seq: seeks.indexOf(seek) + 1,
      state: getEmptyState(),
      delta: null,
      trails: {},
      trailsAdded: null,
      log: [],
      tookMs: 1,
      path: 'same',
    };
    resolve({ ok: true, value });
  };
  const api = {
    invoke: (channel: string, arg: { at: number; exact: boolean }) => {
      if (channel === 'replay:timeline') return Promise.resolve({ ok: true, value: timeline });
      if (channel === 'replay:step') return Promise.resolve({ ok: true, value: { at: stepTo } });
      if (channel === 'replay:seek') {
        const seek: Seek = { at: arg.at, exact: arg.exact, sentAt: clock.now(), answeredAt: null };
        seeks.push(seek);
        return new Promise((resolve) => {
          if (latency.ms === 0) answer(seek, resolve);
          else clock.after(latency.ms, () => answer(seek, resolve));
        });
      }
      return Promise.resolve({ ok: false, error: 'no' });
    },
    on: () => () => {},
  } as unknown as WatchfloorApi;
  return { api, seeks, latency };
}

/** The most seeks out at once. */
function mostInFlight(seeks: readonly Seek[], until: number): number {
  let most = 0;
  for (const s of seeks) {
    const out = seeks.filter((o) => o.sentAt <= s.sentAt && (o.answeredAt ?? until) > s.sentAt).length;
    most = Math.max(most, out);
  }
  return most;
}

async function replaying(stepTo: number | null = null) {
  const store = new StateStore();
  const clock = new FakeClock();
  const host = replayHost(clock, stepTo);
  const live = { drop: () => {}, reload: () => Promise.resolve() };
  const replay = new ReplayController(store, () => host.api, live, clock);
  await replay.enter(T0);
  return { store, clock, replay, seeks: host.seeks, latency: host.latency };
}

describe('the replay controller on an injected clock', () => {
  it('plays at the chosen speed: each tick moves the picture by the wall time passed times the speed', async () => {
    const { store, clock, replay, seeks } = await replaying();
    replay.setSpeed(600);
    replay.play();
    expect(store.snapshot.replay?.playing).toBe(true);
    await clock.advance(TICK);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + TICK * 600);
    await clock.advance(4 * TICK);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + 5 * TICK * 600);
    // Playback's steps are not exact (the core folds on from the last); the first seek was.
    expect(seeks.slice(1).every((s) => !s.exact)).toBe(true);
  });

  it('pauses: no more steps however long the clock runs, and one exact seek of the moment shown', async () => {
    const { store, clock, replay, seeks } = await replaying();
    replay.setSpeed(60);
    replay.play();
    await clock.advance(2 * TICK);
    replay.pause();
    await clock.advance(0);
    const at = store.snapshot.replay!.at;
    expect(seeks.at(-1)).toMatchObject({ at, exact: true });
    const asked = seeks.length;
    await clock.advance(60_000);
    // Only the timeline's refresh runs while paused.
    expect(seeks.length).toBe(asked);
    expect(store.snapshot.replay?.playing).toBe(false);
    expect(store.snapshot.replay?.shownAt).toBe(at);
  });

  it('keeps the speed within 0.5x to 3600x, and a new speed applies from the next tick', async () => {
    const { store, clock, replay } = await replaying();
    replay.setSpeed(1e9);
    expect(store.snapshot.replay?.speed).toBe(MAX_SPEED);
    replay.setSpeed(0);
    expect(store.snapshot.replay?.speed).toBe(MIN_SPEED);
    replay.setSpeed(Number.NaN);
    expect(store.snapshot.replay?.speed).toBe(MIN_SPEED);
    replay.setSpeed(10);
    replay.play();
    await clock.advance(TICK);
    const before = store.snapshot.replay!.shownAt;
    replay.setSpeed(100);
    await clock.advance(TICK);
    expect(store.snapshot.replay!.shownAt - before).toBe(TICK * 100);
  });

  it('stops at the end of the log, and plays again from the start', async () => {
    const { store, clock, replay } = await replaying();
    replay.setSpeed(MAX_SPEED);
    replay.play();
    await clock.advance(((2 * HOUR) / PLAYBACK_STEP_MAX_MS) * TICK);
    expect(store.snapshot.replay).toMatchObject({ playing: false, shownAt: T0 + 2 * HOUR });
    expect(clock.pending).toBe(1); // the timeline's refresh only
    replay.play();
    expect(store.snapshot.replay?.at).toBe(T0);
  });

  it('seeks within the timeline, and steps to what the host names, pausing first', async () => {
    const { store, replay, clock } = await replaying(T0 + HOUR);
    await replay.seek(T0 - HOUR);
    expect(store.snapshot.replay?.shownAt).toBe(T0);
    await replay.seek(T0 + 99 * HOUR);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + 2 * HOUR);
    replay.play();
    await replay.step(-1, 'incident');
    expect(store.snapshot.replay).toMatchObject({ playing: false, shownAt: T0 + HOUR, at: T0 + HOUR });
    await clock.advance(10 * TICK);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + HOUR);
  });

  it('says so when there is nothing to step to', async () => {
    const { store, replay } = await replaying(null);
    await replay.step(1, 'bookmark');
    expect(store.snapshot.notice).toBeTruthy();
    expect(store.snapshot.replay?.shownAt).toBe(T0);
  });

  /** The operation times of the pictures shown (each answered seek), and their seqs, as they come. */
  function shownPictures(store: StateStore): { at: number[]; seq: number[] } {
    const shown = { at: [] as number[], seq: [] as number[] };
    let last = store.snapshot.replay?.seq;
    store.subscribe(() => {
      const r = store.snapshot.replay;
      if (r && r.seq !== last) {
        last = r.seq;
        shown.at.push(r.shownAt);
        shown.seq.push(r.seq);
      }
    });
    return shown;
  }

  it('never steps more than 2 minutes of operation time: a slow page plays slower and says it is behind', async () => {
    const { store, clock, replay, seeks, latency } = await replaying();
    latency.ms = 500;
    replay.setSpeed(600);
    const shown = shownPictures(store);
    replay.play();
    await clock.advance(10_000);
    expect(shown.at.length).toBeGreaterThan(5);
    const steps = shown.at.slice(1).map((at, i) => at - shown.at[i]!);
    expect(Math.max(...steps)).toBe(PLAYBACK_STEP_MAX_MS);
    expect(steps.every((d) => d > 0 && d <= PLAYBACK_STEP_MAX_MS)).toBe(true);
    expect(shown.at[0]! - T0).toBeLessThanOrEqual(PLAYBACK_STEP_MAX_MS);
    // The speed shown stays the one chosen; the status says playback cannot keep up with it.
    expect(store.snapshot.replay).toMatchObject({ speed: 600, playing: true, behind: true });
    expect(seeks.slice(1).every((s) => !s.exact)).toBe(true);
  });

  it('asks for the next step as soon as a picture is applied, with never more than one seek out', async () => {
    const { clock, replay, seeks, latency } = await replaying();
    latency.ms = 100;
    replay.setSpeed(60);
    replay.play();
    await clock.advance(3000);
    const steps = seeks.slice(1);
    expect(steps.length).toBeGreaterThan(20);
    expect(mostInFlight(seeks, clock.now())).toBe(1);
    // Pipelined: each step goes out the moment the one before is answered and shown (the core
    // folds it while the map draws), not a fixed pause later.
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.sentAt).toBe(steps[i - 1]!.answeredAt);
  });

  it('shows no picture of playback before the map has drawn the one before', async () => {
    const { store, clock, replay, seeks } = await replaying();
    replay.setSpeed(600);
    clock.holdFrames = true;
    const shown = shownPictures(store);
    replay.play();
    await clock.advance(PLAYBACK_MIN_INTERVAL_MS);
    expect(shown.at).toEqual([T0 + PLAYBACK_MIN_INTERVAL_MS * 600]);
    // The map has not drawn it: the next step is asked for (and answered) but waits, and no more are asked.
    await clock.advance(5000);
    expect(shown.at).toHaveLength(1);
    expect(seeks).toHaveLength(3);
    expect(clock.framesAsked).toBe(1);
    // Drawn (in 16 ms): the next is shown after the map has rested 1.5 times as long.
    await clock.drawHeld();
    await clock.advance(23);
    expect(shown.at).toHaveLength(1);
    await clock.advance(1);
    expect(shown.at).toEqual([T0 + PLAYBACK_MIN_INTERVAL_MS * 600, seeks[2]!.at]);
  });

  it('keeps only the newest moment asked for while a step is out, and plays on from it', async () => {
    const { store, clock, replay, seeks, latency } = await replaying();
    latency.ms = 100;
    replay.setSpeed(600);
    const shown = shownPictures(store);
    replay.play();
    await clock.advance(PLAYBACK_MIN_INTERVAL_MS + 10);
    const step = seeks.at(-1)!;
    expect(step.answeredAt).toBeNull();
    void replay.seek(T0 + HOUR / 2);
    const settled = replay.seek(T0 + HOUR);
    await clock.advance(300);
    await settled;
    // The step out is not shown (the officer asked for another moment), the first wish is never sent.
    expect(shown.at[0]).toBe(T0 + HOUR);
    expect(seeks.map((s) => s.at)).not.toContain(T0 + HOUR / 2);
    expect(seeks[seeks.indexOf(step) + 1]).toMatchObject({ at: T0 + HOUR, exact: true });
    // Playing on from there.
    await clock.advance(1000);
    expect(store.snapshot.replay?.playing).toBe(true);
    const later = shown.at.slice(1);
    expect(later.length).toBeGreaterThan(2);
    expect(later[0]! > T0 + HOUR && later[0]! <= T0 + HOUR + PLAYBACK_STEP_MAX_MS).toBe(true);
    expect(mostInFlight(seeks, clock.now())).toBe(1);
  });

  it('pausing while a step is out drops that step and shows the paused moment exactly, once', async () => {
    const { store, clock, replay, seeks, latency } = await replaying();
    latency.ms = 100;
    replay.setSpeed(600);
    replay.play();
    await clock.advance(1000);
    const shown = shownPictures(store);
    const asked = seeks.length;
    expect(seeks.at(-1)!.answeredAt).toBeNull();
    replay.pause();
    await clock.advance(5000);
    const at = store.snapshot.replay!.at;
    // One exact seek of the moment the cursor stood at, and the step that was out never shown.
    expect(seeks.slice(asked)).toMatchObject([{ at, exact: true }]);
    expect(shown.seq).toEqual([asked + 1]);
    expect(store.snapshot.replay).toMatchObject({ playing: false, shownAt: at, behind: false });
    expect(clock.pending).toBe(1); // the timeline's refresh only
  });

  it('plays to the end of the log in steps of at most 2 minutes, shows the end exactly and stops', async () => {
    const { store, clock, replay, seeks } = await replaying();
    await replay.seek(T0 + 2 * HOUR - 30 * 60_000);
    replay.setSpeed(MAX_SPEED);
    const from = seeks.length;
    replay.play();
    await clock.advance(10_000);
    const steps = seeks.slice(from);
    const last = steps.at(-1)!;
    expect(last).toMatchObject({ at: T0 + 2 * HOUR, exact: true });
    const playback = steps.slice(0, -1);
    expect(playback.length).toBeGreaterThanOrEqual(15);
    expect(playback.at(-1)!.at).toBe(T0 + 2 * HOUR);
    const ats = [T0 + 2 * HOUR - 30 * 60_000, ...playback.map((s) => s.at)];
    for (let i = 1; i < ats.length; i++) {
      expect(ats[i]! - ats[i - 1]!).toBeGreaterThan(0);
      expect(ats[i]! - ats[i - 1]!).toBeLessThanOrEqual(PLAYBACK_STEP_MAX_MS);
    }
    expect(store.snapshot.replay).toMatchObject({ playing: false, shownAt: T0 + 2 * HOUR });
    const asked = seeks.length;
    await clock.advance(10_000);
    expect(seeks.length).toBe(asked);
  });
});
