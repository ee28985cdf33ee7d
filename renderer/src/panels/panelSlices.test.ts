import { describe, expect, it } from 'vitest';
import { emptyDelta, type PictureDelta } from '../../../shared/pictureDelta';
import { getEmptyState, type Unit } from '../../../shared/state';
import { epochMs } from '../../../shared/units';
import { operationNowAtClock, unitsAtClock, type Slice } from '../store/clockSlices';
import { fakeHost, testStatus } from '../store/testHost';
import { UiStore } from '../store/uiStore';
import { feedSlice, freshnessChipsSlice, rosterSlice, sectorBoardSlice } from './panelSlices';
import { makeIncident, makeSector, makeUnit } from './testFixtures';

const T0 = Date.UTC(2026, 9, 5, 6);
const WALL = Date.UTC(2026, 9, 5, 9);
const delta = (seq: number, changes: Partial<PictureDelta['changed']>): PictureDelta => {
  const empty = emptyDelta(seq);
  return { ...empty, changed: { ...empty.changed, ...changes } };
};
const moved = (unit: Unit, lon: number, at: number): Unit => ({
  ...unit,
  position: { ...unit.position!, lon, at: epochMs(at) },
});

/**
 * How often a component reading `slice` through `useUi` renders after `start`: React's
 * useSyncExternalStore renders again exactly when the selected value is not `Object.is` the last.
 */
function renderCounter<T>(store: UiStore, slice: Slice<T>): { readonly count: number } {
  let last = slice(store.snapshot);
  const counter = { count: 0 };
  store.subscribe(() => {
    const next = slice(store.snapshot);
    if (!Object.is(next, last)) counter.count++;
    last = next;
  });
  return counter;
}

async function livePanels() {
  const U1 = makeUnit('U1', { at: T0 - 5_000, sectorId: 'S1' });
  const U2 = makeUnit('U2', { at: T0 - 10_000, sectorId: 'S1' });
  const state = {
    ...getEmptyState(),
    units: { U1, U2 },
    sectors: { S1: makeSector('S1') },
    incidents: { I1: makeIncident('I1') },
  };
  const status = testStatus({ lastEventAt: T0, lastSeq: 1 });
  const host = fakeHost(state, status);
  const store = new UiStore();
  await store.connect(host.api);
  store.set({ now: WALL });
  const now = operationNowAtClock();
  const units = unitsAtClock();
  const slices = {
    feed: feedSlice(now),
    roster: rosterSlice(now, units),
    sectorBoard: sectorBoardSlice(now, units),
    freshnessChips: freshnessChipsSlice(now, units),
  };
  const renders = {
    feed: renderCounter(store, slices.feed),
    roster: renderCounter(store, slices.roster),
    sectorBoard: renderCounter(store, slices.sectorBoard),
    freshnessChips: renderCounter(store, slices.freshnessChips),
  };
  /** Position reports as the host sends them: the moved units, then the status with the newer event. */
  const report = async (seq: number, changed: Record<string, Unit>, at: number): Promise<void> => {
    host.push('state:delta', delta(seq, { units: changed }));
    host.push('status:changed', { ...status, lastEventAt: at, lastSeq: seq });
    await expect
      .poll(() => Object.keys(changed).every((id) => store.snapshot.state.units[id] === changed[id]))
      .toBe(true);
  };
  const counts = () => Object.fromEntries(Object.entries(renders).map(([k, v]) => [k, v.count]));
  return { store, host, slices, report, counts, U1, U2 };
}

describe('position reports and the panels', () => {
  it('re-render neither the feed, the roster, the sector board nor the status counts', async () => {
    const { report, counts, U1, U2 } = await livePanels();
    await report(2, { U1: moved(U1, 19.1, T0 + 1_000) }, T0 + 1_000);
    await report(3, { U1: moved(U1, 19.2, T0 + 2_000), U2: moved(U2, 19.3, T0 + 2_000) }, T0 + 2_000);
    expect(counts()).toEqual({ feed: 0, roster: 0, sectorBoard: 0, freshnessChips: 0 });
  });

  it('reach the panels on the 1 Hz clock, positions and ages together', async () => {
    const { store, slices, report, counts, U1 } = await livePanels();
    const at = T0 + 3_000;
    await report(2, { U1: moved(U1, 19.4, at) }, at);
    expect(slices.roster(store.snapshot).units['U1']?.position?.lon).toBe(19);
    store.set({ now: WALL + 1_000 });
    expect(counts()).toEqual({ feed: 1, roster: 1, sectorBoard: 1, freshnessChips: 1 });
    const roster = slices.roster(store.snapshot);
    expect(roster.units['U1']?.position?.lon).toBe(19.4);
    expect(roster.opNow).toBe(at);
    // A tick with nothing new renders nothing (the feed shows no ages of its own between events).
    store.set({ now: WALL + 2_000 });
    expect(counts()).toEqual({ feed: 1, roster: 1, sectorBoard: 1, freshnessChips: 1 });
  });

  it('still shows at once what is not a position: a unit status, an incident', async () => {
    const { store, host, slices, counts, U2 } = await livePanels();
    host.push('state:delta', delta(2, { units: { U2: { ...U2, status: 'responding' } } }));
    await expect.poll(() => slices.roster(store.snapshot).units['U2']?.status).toBe('responding');
    expect(counts()).toMatchObject({ feed: 0, roster: 1, sectorBoard: 1 });
    host.push('state:delta', delta(3, { incidents: { I2: makeIncident('I2') } }));
    await expect.poll(() => slices.feed(store.snapshot).incidents['I2']).toBeDefined();
    expect(counts()).toMatchObject({ feed: 1, roster: 1, sectorBoard: 2 });
  });

  it('in replay, follow the picture shown at once (playback is the officer moving time)', async () => {
    const { store, slices, U1 } = await livePanels();
    const replayed = moved(U1, 20, T0 - 60_000);
    store.set((s) => ({
      replay: { shownAt: T0 - 60_000 } as never,
      state: { ...s.state, units: { ...s.state.units, U1: replayed } },
    }));
    const roster = slices.roster(store.snapshot);
    expect(roster.units['U1']).toBe(replayed);
    expect(roster.opNow).toBe(T0 - 60_000);
  });
});
