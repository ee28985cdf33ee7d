import { describe, expect, it } from 'vitest';
import type { PositionFrame, UnitTable } from '../../../shared/positionFrame';
import { getEmptyState } from '../../../shared/state';
import { fakeHost, testStatus } from './testHost';
import { UiStore } from './uiStore';
import { DrawGate } from './drawPace';
import { UnitPositions } from './unitPositions';

const table = (version: number, ids: string[], epoch = 1): UnitTable => ({
  epoch,
  version,
  unitIds: ids,
  callsigns: ids,
  agencies: ids.map(() => 'border_police'),
  kinds: ids.map(() => 'vehicle'),
  statuses: ids.map(() => 'patrolling'),
});

function frame(version: number, lons: number[], withTable?: UnitTable, epoch = 1): PositionFrame {
  return {
    epoch,
    version,
    seq: version,
    count: lons.length,
    tableVersion: withTable?.version ?? 1,
    lonLat: new Float64Array(lons.flatMap((lon) => [lon, 44])).buffer,
    heading: new Float32Array(lons.length).buffer,
    speed: new Float32Array(lons.length).buffer,
    reportedAt: new Float64Array(lons.length).fill(1000).buffer,
    ...(withTable ? { table: withTable } : {}),
  };
}

/** An intake whose drawing moments the test runs by hand, on a clock it moves. */
function intake(visible = { shown: true }, gate = new DrawGate(1_000)) {
  const due: { apply: () => void; at: number }[] = [];
  let now = 0;
  const logged: string[] = [];
  const positions = new UnitPositions({
    gate,
    schedule: (apply, delayMs) => due.push({ apply, at: now + delayMs }),
    now: () => now,
    minIntervalMs: () => 250,
    visible: () => visible.shown,
    log: (line) => logged.push(line),
  });
  const runDue = (): void => {
    for (const d of due.splice(0)) {
      now = Math.max(now, d.at);
      d.apply();
    }
  };
  /** Runs only what is due by now (the clock does not move). */
  const runNow = (): void => {
    const ready = due.filter((d) => d.at <= now);
    due.splice(0, due.length, ...due.filter((d) => d.at > now));
    for (const d of ready) d.apply();
  };
  const advance = (ms: number): void => {
    now += ms;
  };
  return { positions, runDue, runNow, logged, due, visible, gate, advance, clock: () => now };
}

const lonsOf = (positions: UnitPositions): number[] =>
  [...(positions.shown?.lonLat ?? [])].filter((_, i) => i % 2 === 0);

describe('UnitPositions', () => {
  it("says a redraw is due while frames flow to a shown page (the clock's tick waits for it)", () => {
    const { positions, runDue, visible, advance } = intake();
    expect(positions.redrawDue).toBe(false);
    positions.receive(frame(1, [19], table(1, ['U1'])));
    expect(positions.redrawDue).toBe(true);
    runDue();
    // Shown, and the next frame is on its way: still due until the slowest pace has passed.
    advance(1_900);
    expect(positions.redrawDue).toBe(true);
    advance(200);
    expect(positions.redrawDue).toBe(false);
    positions.receive(frame(2, [20]));
    expect(positions.redrawDue).toBe(true);
    visible.shown = false;
    expect(positions.redrawDue).toBe(false);
  });

  it('shows the newest of the frames that arrived while the page was busy, dropping the others', () => {
    const { positions, runDue } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    positions.receive(frame(2, [19.1]));
    positions.receive(frame(3, [19.2]));
    let shown = 0;
    positions.subscribe(() => shown++);
    runDue();
    expect(lonsOf(positions)).toEqual([19.2]);
    expect(shown).toBe(1);
    expect(positions.dropped).toBe(2);
    // An older frame arriving late never replaces a newer picture.
    positions.receive(frame(2, [19.1]));
    runDue();
    expect(lonsOf(positions)).toEqual([19.2]);
  });

  it('keeps a table that came with a dropped frame', () => {
    const { positions, runDue } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    runDue();
    positions.receive(frame(2, [19, 20], table(2, ['A', 'B'])));
    positions.receive(frame(3, [19, 20.5]));
    runDue();
    expect(lonsOf(positions)).toEqual([19, 20.5]);
    expect(positions.shown?.table.unitIds).toEqual(['A', 'B']);
  });

  it('applies nothing while hidden, and the newest frame in one step when shown', () => {
    const { positions, runDue, due, visible } = intake({ shown: false });
    for (let v = 1; v <= 5; v++) positions.receive(frame(v, [19 + v], v === 1 ? table(1, ['A']) : undefined));
    expect(due).toHaveLength(0);
    let shown = 0;
    positions.subscribe(() => shown++);
    visible.shown = true;
    positions.wake();
    runDue();
    expect(shown).toBe(1);
    expect(lonsOf(positions)).toEqual([24]);
  });

  it('drops a malformed frame with its reason and keeps the picture it had', () => {
    const { positions, runDue, logged } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    runDue();
    expect(() =>
      positions.receive({ ...frame(2, [20]), lonLat: new Float64Array([Number.NaN, 44]).buffer }),
    ).not.toThrow();
    positions.receive({ ...frame(3, [20]), count: 5 });
    positions.receive('junk');
    runDue();
    expect(lonsOf(positions)).toEqual([19]);
    expect(positions.refused).toBe(3);
    expect(logged[0]).toContain('position frame dropped: frame position 0');
  });

  it('holds the next frame back while an incident waits to be drawn, then shows the newest at once', () => {
    const { positions, runDue, runNow, gate, advance, clock } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    runDue();
    advance(1_000);
    // An incident handed to the map: the frames that come meanwhile wait for its frame.
    gate.hold(clock());
    positions.receive(frame(2, [19.1]));
    positions.receive(frame(3, [19.2]));
    advance(500);
    runNow();
    expect(lonsOf(positions)).toEqual([19]);
    // Drawn: the newest frame goes on in the next drawing moment, none lost to the wait.
    gate.release();
    runNow();
    expect(lonsOf(positions)).toEqual([19.2]);
    expect(clock()).toBe(1_500);
    expect(positions.dropped).toBe(1);
  });

  it('shows a held frame after the gate gives up, when the incident is never drawn', () => {
    const { positions, runDue, gate, clock } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    runDue();
    gate.hold(clock());
    positions.receive(frame(2, [19.1]));
    runDue();
    expect(lonsOf(positions)).toEqual([19.1]);
    expect(clock()).toBe(1_000);
  });

  it('moves the units within a second under a stream of incidents, each held for its own frame', () => {
    const { positions, runNow, gate, advance, clock } = intake();
    positions.receive(frame(1, [19], table(1, ['A'])));
    runNow();
    advance(1_000);
    gate.hold(clock());
    positions.receive(frame(2, [19.1]));
    // Incident after incident, each drawn 200 ms after it came and the next one there already.
    for (let i = 0; i < 4; i++) {
      advance(200);
      gate.release();
      gate.hold(clock());
      runNow();
    }
    expect(lonsOf(positions)).toEqual([19]);
    advance(200);
    runNow();
    expect(lonsOf(positions)).toEqual([19.1]);
    expect(clock()).toBe(2_000);
  });

  it('is fed by the host through the store', async () => {
    const host = fakeHost(getEmptyState(), testStatus());
    const store = new UiStore();
    await store.connect(host.api);
    host.push('positions:frame', frame(1, [21], table(1, ['A'])));
    await new Promise<void>((resolve) => store.positions.subscribe(resolve));
    expect(store.positions.shown?.table.unitIds).toEqual(['A']);
  });
});
