import { describe, expect, it } from 'vitest';
import { emptyDelta, type PictureDelta } from '../../../shared/pictureDelta';
import { getEmptyState, type Unit } from '../../../shared/state';
import { extendTrails, mergeDelta, TRAIL_WINDOW_MS } from './uiStore';
import { TRAIL_FULL_DETAIL_MS } from './liveFeed';

const T0 = Date.UTC(2026, 9, 5, 6);
const unit = (at: number, lon = 19.1): Unit =>
  ({
    unitId: 'U1',
    callsign: 'BA-BP 101',
    agency: 'border_police',
    organisation: 'Border Police of BiH',
    country: 'BA',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: { lon, lat: 44.4, heading: 0, speed: 10, accuracy: 5, at },
  }) as Unit;
// Every other collection empty, and no `operation` (in a delta, one present means it changed).
const delta = (units: Record<string, Unit>): PictureDelta => {
  const empty = emptyDelta(1);
  return { ...empty, changed: { ...empty.changed, units } };
};

describe('renderer store', () => {
  it('merges a delta: changed entities replace theirs, untouched collections keep their identity', () => {
    const before = getEmptyState();
    const after = mergeDelta(before, delta({ U1: unit(T0) }));
    expect(after.units['U1']).toEqual(unit(T0));
    expect(after.incidents).toBe(before.incidents);
    expect(after.sectors).toBe(before.sectors);
    expect(mergeDelta(after, delta({})).units).toBe(after.units);
  });

  it('neutralises bidi controls in feed text as a delta enters the page, keeping clean entities as they are', () => {
    const clean = unit(T0);
    const hostile = { ...unit(T0), unitId: 'U2', callsign: 'AB\u202Edcba' };
    const after = mergeDelta(getEmptyState(), delta({ U1: clean, U2: hostile }));
    expect(after.units['U2']!.callsign).toBe('AB\uFFFDdcba');
    expect(after.units['U1']).toBe(clean);
  });

  it('grows trails from positions, ignores repeats and drops points past the window', () => {
    let trails = extendTrails({}, delta({ U1: unit(T0, 19.1) }));
    trails = extendTrails(trails, delta({ U1: unit(T0 + 60_000, 19.2) }));
    expect(extendTrails(trails, delta({ U1: unit(T0 + 60_000, 19.2) }))).toBe(trails);
    expect(trails['U1']!.map((p) => p.lon)).toEqual([19.1, 19.2]);
    trails = extendTrails(trails, delta({ U1: unit(T0 + TRAIL_WINDOW_MS + 30_000, 19.3) }));
    expect(trails['U1']!.map((p) => p.lon)).toEqual([19.2, 19.3]);
  });

  it('drops the trail of a unit silent for longer than the window, as a reload and a replay seek do', () => {
    const u2 = (at: number, lon: number): Unit => ({ ...unit(at, lon), unitId: 'U2' });
    let trails = extendTrails({}, delta({ U1: unit(T0, 19.1), U2: u2(T0, 19.5) }));
    trails = extendTrails(trails, delta({ U2: u2(T0 + TRAIL_WINDOW_MS + 60_000, 19.6) }));
    // U1 last reported more than the window ago: the page fetched after a reload holds no trail for it.
    expect(Object.keys(trails)).toEqual(['U2']);
    expect(trails['U2']!.map((p) => p.lon)).toEqual([19.6]);
    // The window ends at the newest event, not at the positions a delta happens to carry.
    const quiet = extendTrails({}, delta({ U1: unit(T0, 19.1) }));
    expect(extendTrails(quiet, delta({ U1: unit(T0, 19.1) }), T0 + TRAIL_WINDOW_MS + 1)).toEqual({});
  });

  it("keeps every report of the last minute and, before it, each minute's last report, as a reload gives them", () => {
    // A unit reporting every 2 s for 10 minutes, one delta a report.
    let trails = extendTrails({}, delta({ U1: unit(T0, 19) }));
    const reports: number[] = [T0];
    for (let at = T0 + 2000; at <= T0 + 10 * 60_000; at += 2000) {
      trails = extendTrails(trails, delta({ U1: unit(at, 19 + (at - T0) / 1e7) }));
      reports.push(at);
    }
    const newest = reports.at(-1)!;
    const minute = (ts: number): number => Math.floor(ts / 60_000);
    // The trail table's points (the core's read after a reload): each minute's last report ...
    const lastOfMinute = reports.filter((ts, i) => minute(reports[i + 1] ?? Infinity) !== minute(ts));
    // ... and every report of the last minute.
    const expected = reports.filter((ts) => ts >= newest - TRAIL_FULL_DETAIL_MS || lastOfMinute.includes(ts));
    expect(trails['U1']!.map((p) => p.ts)).toEqual(expected);
    // 301 reports, of which the page holds about forty: bounded however long the window.
    expect(trails['U1']!.length).toBeLessThan(45);
    expect(trails['U1']!.at(-1)!.ts).toBe(newest);
  });
});
