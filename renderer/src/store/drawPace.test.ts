import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyDelta, type PictureDelta } from '../../../shared/pictureDelta';
import { getEmptyState, type Incident, type Unit } from '../../../shared/state';
import { DrawGate, DrawPace, isUrgentDelta, mapDrawPace } from './drawPace';
import { fakeHost, testStatus } from './testHost';
import { UiStore } from './uiStore';

const T0 = Date.UTC(2026, 9, 5, 6);

const status = testStatus({ lastEventAt: T0 });

const unitAt = (unitId: string, lon: number, at: number): Unit =>
  ({
    unitId,
    callsign: unitId,
    agency: 'border_police',
    organisation: 'Border Police',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: { lon, lat: 44, heading: 90, speed: 10, accuracy: 5, at },
  }) as Unit;

const delta = (seq: number, changes: Partial<PictureDelta['changed']>): PictureDelta => {
  const empty = emptyDelta(seq);
  return { ...empty, changed: { ...empty.changed, ...changes } };
};

describe('DrawPace', () => {
  it('keeps position updates at the floor while redraws are cheap, and spaces them as redraws grow', () => {
    const pace = new DrawPace(3, 2_000);
    expect(pace.interval(250)).toBe(250);
    pace.note(40);
    expect(pace.interval(250)).toBe(250);
    for (let i = 0; i < 30; i++) pace.note(400);
    expect(pace.interval(250)).toBeCloseTo(1_200, 0);
    // However slow the machine, a position on screen is never more than the ceiling old.
    for (let i = 0; i < 30; i++) pace.note(5_000);
    expect(pace.interval(250)).toBe(2_000);
    pace.note(Number.NaN);
    pace.note(-1);
    expect(pace.interval(250)).toBe(2_000);
  });

  it('counts a draw timed across a hidden page as no more than the ceiling, so the pace is back in a few draws', () => {
    const pace = new DrawPace(3, 2_000);
    for (let i = 0; i < 30; i++) pace.note(100);
    expect(pace.interval(250)).toBeCloseTo(300, 0);
    // The page was hidden between the new layers and the frames after their draw: ten minutes.
    pace.note(600_000);
    expect(pace.interval(250)).toBe(2_000);
    for (let i = 0; i < 4; i++) pace.note(100);
    expect(pace.interval(250)).toBeLessThan(1_000);
  });

  it('calls a delta urgent when it changes more than where units are', () => {
    expect(isUrgentDelta(delta(2, { units: { U1: unitAt('U1', 19, T0) } }))).toBe(false);
    expect(isUrgentDelta(delta(2, { incidents: { I1: { incidentId: 'I1' } as Incident } }))).toBe(true);
    expect(isUrgentDelta({ ...delta(2, {}), operation: null })).toBe(true);
  });
});

describe('the live picture at the map pace', () => {
  afterEach(() => {
    vi.useRealTimers();
    for (let i = 0; i < 30; i++) mapDrawPace.note(0);
  });

  it('holds position reports while the map is slow, then shows the newest in one step; an incident goes at once', async () => {
    const store = new UiStore();
    const host = fakeHost({ ...getEmptyState(), units: { U1: unitAt('U1', 19, T0) } }, status);
    await store.connect(host.api);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    // The map reports redraws of 500 ms: position updates at most every 1.5 s.
    for (let i = 0; i < 30; i++) mapDrawPace.note(500);

    host.push('state:delta', delta(2, { units: { U1: unitAt('U1', 19.1, T0 + 2000) } }));
    await vi.advanceTimersByTimeAsync(100);
    expect(store.snapshot.state.units['U1']?.position?.lon).toBe(19.1);
    // Right after an update, the next positions wait for the pace, however many arrive.
    for (let i = 0; i < 10; i++)
      host.push('state:delta', delta(3 + i, { units: { U1: unitAt('U1', 19.2 + i / 100, T0 + 4000 + i) } }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.snapshot.state.units['U1']?.position?.lon).toBe(19.1);
    await vi.advanceTimersByTimeAsync(500);
    // One step to the newest, and the trail holds every report.
    expect(store.snapshot.state.units['U1']?.position?.lon).toBeCloseTo(19.29, 5);
    expect(store.snapshot.trails['U1']?.length).toBe(11);

    // A new incident is not held back by the pace, and brings the positions queued with it.
    host.push('state:delta', delta(20, { units: { U1: unitAt('U1', 19.5, T0 + 9000) } }));
    host.push('state:delta', delta(21, { incidents: { I1: { incidentId: 'I1' } as Incident } }));
    await vi.advanceTimersByTimeAsync(60);
    expect(store.snapshot.state.incidents['I1']).toBeDefined();
    expect(store.snapshot.state.units['U1']?.position?.lon).toBe(19.5);
  });
});

describe('DrawGate', () => {
  it('is held from the first hold until released, telling each listener once', () => {
    const gate = new DrawGate(1_000);
    let released = 0;
    gate.onRelease(() => released++);
    expect(gate.heldFor(0)).toBe(0);
    gate.hold(100);
    // A second change before the first is drawn keeps the first moment: the wait is bounded.
    gate.hold(600);
    expect(gate.heldFor(700)).toBe(400);
    gate.release();
    gate.release();
    expect(released).toBe(1);
    expect(gate.heldFor(700)).toBe(0);
  });

  it('opens by itself after its give-up time', () => {
    const gate = new DrawGate(1_000);
    gate.hold(0);
    expect(gate.heldFor(999)).toBe(1);
    expect(gate.heldFor(1_000)).toBe(0);
    gate.hold(2_000);
    expect(gate.heldFor(2_500)).toBe(500);
  });
});
