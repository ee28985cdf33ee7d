import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VIEW_SETTINGS, type WatchfloorApi } from '../../../shared/ipc';
import { diffStates } from '../../../shared/pictureDelta';
import type { SeekResult, TimelineSummary } from '../../../shared/replay';
import { getEmptyState, type Operation, type OperationState, type Unit } from '../../../shared/state';
import { epochMs, meters } from '../../../shared/units';
import { testStatus } from './testHost';
import { TRAIL_WINDOW_MS, UiStore, extendTrails } from './uiStore';

const RLO = '\u202E';
const T0 = Date.UTC(2026, 9, 5, 6);
const MIN = 60_000;

const operation = (name: string): Operation => ({
  operationId: 'JO-1',
  name,
  mode: 'exercise',
  countries: ['BA', 'RS'],
  agencies: ['Border police'],
  plannedStartAt: epochMs(T0),
  plannedEndAt: epochMs(T0 + 86_400_000),
  startedAt: epochMs(T0),
  endedAt: null,
});

const unit = (at: number, lon: number): Unit => ({
  unitId: 'U1',
  callsign: 'RS 101',
  agency: 'border_police',
  organisation: 'Border Police',
  country: 'RS',
  kind: 'vehicle',
  status: 'patrolling',
  statusSince: null,
  incidentId: null,
  position: { lon, lat: 44, heading: 0, speed: 0, accuracy: meters(5), at: epochMs(at) },
});

const picture = (name: string, u: Unit): OperationState => ({
  ...getEmptyState(),
  operation: operation(name),
  units: { U1: u },
});

const timeline: TimelineSummary = {
  source: { kind: 'live', label: 'JO-1', path: null, operationId: 'JO-1', readOnly: false },
  startTs: T0,
  endTs: T0 + 4 * TRAIL_WINDOW_MS,
  binMs: MIN,
  bins: { byPriority: { 1: [], 2: [], 3: [], 4: [] }, byCategory: {} },
  incidentCount: 0,
  bookmarks: [],
};

/** A host whose replay answers the page's seeks with `answers`, in order. */
function replayHost(answers: SeekResult[]): WatchfloorApi {
  return {
    protocolVersion: 1,
    host: 'browser',
    invoke: (channel: string) => {
      const value =
        channel === 'core:snapshot'
          ? { state: getEmptyState(), status: testStatus(), outbox: [], settings: DEFAULT_VIEW_SETTINGS }
          : channel === 'core:trails'
            ? {}
            : channel === 'replay:timeline'
              ? timeline
              : channel === 'replay:seek'
                ? answers.shift()
                : undefined;
      return Promise.resolve(value === undefined ? { ok: false, error: 'no' } : { ok: true, value });
    },
    on: () => () => {},
  } as unknown as WatchfloorApi;
}

const seekResult = (patch: Partial<SeekResult> & Pick<SeekResult, 'at'>): SeekResult => ({
  seq: 1,
  state: null,
  delta: null,
  trails: null,
  trailsAdded: null,
  log: [],
  tookMs: 0,
  path: 'forward',
  ...patch,
});

let store: UiStore | null = null;
afterEach(() => {
  store?.pause(false);
  void store?.leaveReplay();
  store = null;
});

describe('replay steps enter the page as live deltas do', () => {
  it('makes the operation of a replay delta fit to show, as a live delta is', async () => {
    const before = picture('Drina', unit(T0, 19.1));
    const after = picture(`Drina ${RLO}xe`, unit(T0 + MIN, 19.2));
    store = new UiStore();
    await store.connect(
      replayHost([
        seekResult({ at: T0, state: before, trails: {}, path: 'keyframe' }),
        seekResult({ at: T0 + MIN, seq: 2, delta: diffStates(before, after, 2), trailsAdded: {} }),
      ]),
    );
    await store.enterReplay(T0);
    expect(store.snapshot.state.operation?.name).toBe('Drina');
    await store.seek(T0 + MIN, false);
    expect(store.snapshot.replay?.shownAt).toBe(T0 + MIN);
    expect(store.snapshot.state.units['U1']?.position?.lon).toBe(19.2);
    expect(store.snapshot.state.operation?.name).toBe('Drina \uFFFDxe');
  });

  it('grows and cuts the trails of playback as the live feed grows and cuts them', async () => {
    // The same reports, once from live deltas and once as replay's steps over the same window: U1
    // reports over 40 minutes, U2 once at the start and never again.
    const u2 = { ...unit(T0, 20), unitId: 'U2' };
    const states = [0, 10, 20, 40].map((m, i) => ({
      ...picture('Drina', unit(T0 + m * MIN, 19 + i / 10)),
      units: { U1: unit(T0 + m * MIN, 19 + i / 10), U2: u2 },
    }));
    const deltas = states.map((s, i) => diffStates(i === 0 ? getEmptyState() : states[i - 1]!, s, i + 1));
    let live = {};
    for (const delta of deltas) live = extendTrails(live, delta);
    const point = (u: Unit) => ({ ts: u.position!.at, lon: u.position!.lon, lat: u.position!.lat });
    store = new UiStore();
    await store.connect(
      replayHost([
        seekResult({
          at: T0,
          state: states[0]!,
          trails: { U1: [point(states[0]!.units['U1'])], U2: [point(u2)] },
          path: 'keyframe',
        }),
        ...states.slice(1).map((s, i) =>
          seekResult({
            at: s.units['U1'].position!.at,
            seq: i + 2,
            delta: deltas[i + 1]!,
            trailsAdded: { U1: [point(s.units['U1'])] },
          }),
        ),
      ]),
    );
    await store.enterReplay(T0);
    store.set((s) => (s.replay ? { replay: { ...s.replay, trailWindowMs: TRAIL_WINDOW_MS } } : {}));
    for (const s of states.slice(1)) await store.seek(s.units['U1'].position!.at, false);
    expect(store.snapshot.trails).toEqual(live);
    // 40 minutes after the first reports, those have left the 30-minute window, U2's whole trail too.
    expect(Object.keys(live)).toEqual(['U1']);
    expect(store.snapshot.trails['U1']!.map((p) => p.lon)).toEqual([19.1, 19.2, 19.3]);
  });
});
