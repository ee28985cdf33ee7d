import { describe, expect, it } from 'vitest';
import type { WatchfloorApi } from '../../../shared/ipc';
import type { SeekResult, TimelineSummary } from '../../../shared/replay';
import { getEmptyState } from '../../../shared/state';
import {
  MAX_SPEED,
  MIN_SPEED,
  PLAYBACK_TICK_MS,
  ReplayController,
  type ReplayClock,
} from './replayController';
import { StateStore } from './stateStore';

const T0 = Date.UTC(2026, 9, 5, 6);
const HOUR = 3_600_000;

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

/** A host whose replay answers every seek at once with the moment asked, and records the asks. */
function replayHost(stepTo: number | null = null) {
  const seeks: { at: number; exact: boolean }[] = [];
  const api = {
    invoke: (channel: string, arg: { at: number; exact: boolean }) => {
      if (channel === 'replay:timeline') return Promise.resolve({ ok: true, value: timeline });
      if (channel === 'replay:step') return Promise.resolve({ ok: true, value: { at: stepTo } });
      if (channel === 'replay:seek') {
        seeks.push({ at: arg.at, exact: arg.exact });
        const value: SeekResult = {
          at: arg.at,
          seq: seeks.length,
          state: getEmptyState(),
          delta: null,
          trails: {},
          trailsAdded: null,
          log: [],
          tookMs: 1,
          path: 'same',
        };
        return Promise.resolve({ ok: true, value });
      }
      return Promise.resolve({ ok: false, error: 'no' });
    },
    on: () => () => {},
  } as unknown as WatchfloorApi;
  return { api, seeks };
}

async function replaying(stepTo: number | null = null) {
  const store = new StateStore();
  const clock = new FakeClock();
  const host = replayHost(stepTo);
  const live = { drop: () => {}, reload: () => Promise.resolve() };
  const replay = new ReplayController(store, () => host.api, live, clock);
  await replay.enter(T0);
  return { store, clock, replay, seeks: host.seeks };
}

describe('the replay controller on an injected clock', () => {
  it('plays at the chosen speed: each tick moves the picture by the wall time passed times the speed', async () => {
    const { store, clock, replay, seeks } = await replaying();
    replay.setSpeed(600);
    replay.play();
    expect(store.snapshot.replay?.playing).toBe(true);
    await clock.advance(PLAYBACK_TICK_MS);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + PLAYBACK_TICK_MS * 600);
    await clock.advance(4 * PLAYBACK_TICK_MS);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + 5 * PLAYBACK_TICK_MS * 600);
    // Playback's steps are not exact (the core folds on from the last); the first seek was.
    expect(seeks.slice(1).every((s) => !s.exact)).toBe(true);
  });

  it('pauses: no more steps however long the clock runs, and one exact seek of the moment shown', async () => {
    const { store, clock, replay, seeks } = await replaying();
    replay.setSpeed(60);
    replay.play();
    await clock.advance(2 * PLAYBACK_TICK_MS);
    replay.pause();
    await clock.advance(0);
    const at = store.snapshot.replay!.at;
    expect(seeks.at(-1)).toEqual({ at, exact: true });
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
    await clock.advance(PLAYBACK_TICK_MS);
    const before = store.snapshot.replay!.shownAt;
    replay.setSpeed(100);
    await clock.advance(PLAYBACK_TICK_MS);
    expect(store.snapshot.replay!.shownAt - before).toBe(PLAYBACK_TICK_MS * 100);
  });

  it('stops at the end of the log, and plays again from the start', async () => {
    const { store, clock, replay } = await replaying();
    replay.setSpeed(MAX_SPEED);
    replay.play();
    await clock.advance(10 * PLAYBACK_TICK_MS);
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
    await clock.advance(10 * PLAYBACK_TICK_MS);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + HOUR);
  });

  it('says so when there is nothing to step to', async () => {
    const { store, replay } = await replaying(null);
    await replay.step(1, 'bookmark');
    expect(store.snapshot.notice).toBeTruthy();
    expect(store.snapshot.replay?.shownAt).toBe(T0);
  });
});
