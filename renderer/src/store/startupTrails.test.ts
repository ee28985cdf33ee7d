import { describe, expect, it } from 'vitest';
import { emptyDelta } from '../../../shared/pictureDelta';
import { getEmptyState, type Unit } from '../../../shared/state';
import type { Trails } from '../../../shared/trails';
import { fakeHost, testStatus } from './testHost';
import { UiStore } from './uiStore';

const T0 = Date.UTC(2026, 9, 5, 6);

const unit = (unitId: string, at: number, lon: number): Unit =>
  ({
    unitId,
    callsign: unitId,
    agency: 'police',
    organisation: 'Police',
    country: 'RS',
    kind: 'foot',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: { lon, lat: 44, heading: 0, speed: 0, accuracy: 5, at },
  }) as Unit;

/**
 * At start the page shows the picture as soon as it has it: the trails of every unit's last half
 * hour (9 MB at 1,000 units) follow, so the map does not wait for them (issue 15: offline cold
 * start on the 72-hour store). Trails begun by deltas meanwhile are kept, and a reload never keeps
 * the trails of the picture it replaces.
 */
describe('the trails at start', () => {
  it('shows the picture before the trails arrive, then merges them with what came meanwhile', async () => {
    const host = fakeHost(
      { ...getEmptyState(), units: { U1: unit('U1', T0, 19.1) } },
      testStatus({ lastEventAt: T0 }),
    );
    let answerTrails: (trails: Trails) => void = () => undefined;
    const invoke = host.api.invoke.bind(host.api);
    const held = (channel: string, args: unknown): Promise<unknown> =>
      channel === 'core:trails'
        ? new Promise((resolve) => (answerTrails = (value) => resolve({ ok: true, value })))
        : invoke(channel as never, args as never);
    host.api.invoke = held as typeof host.api.invoke;
    const store = new UiStore();
    const connected = store.connect(host.api);

    await expect.poll(() => store.snapshot.ready).toBe(true);
    expect(store.snapshot.state.units['U1']?.callsign).toBe('U1');
    expect(store.snapshot.trails).toEqual({});

    const delta = emptyDelta(2);
    host.push('state:delta', {
      ...delta,
      changed: { ...delta.changed, units: { U1: unit('U1', T0 + 10_000, 19.2) } },
    });
    await expect.poll(() => store.snapshot.trails['U1']?.length).toBe(1);

    answerTrails({
      U1: [
        { ts: T0 - 10_000, lon: 19.0, lat: 44 },
        { ts: T0, lon: 19.1, lat: 44 },
      ],
    });
    await connected;
    await expect.poll(() => store.snapshot.trails['U1']?.map((p) => p.lon)).toEqual([19.0, 19.1, 19.2]);
  });
});
