import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvent';
import type { FeedEvent } from './protocol/events';
import { parseEvent } from './protocol/parseEvent';
import { getEmptyState, type OperationState } from './state';
import { insideRings, zoneCoverage, zoneStatus } from './zone';
import type { LngLat } from './units';
import { zoneRules } from './zone.fixture';

const T0 = Date.UTC(2026, 9, 5, 6);
const MIN = 60_000;
// A square zone around (19.1, 44.4); positions at 19.1 are inside, at 19.5 outside.
const SQUARE = [
  [19.0, 44.3],
  [19.2, 44.3],
  [19.2, 44.5],
  [19.0, 44.5],
];
const IN = [19.1, 44.4] as const;
const OUT = [19.5, 44.4] as const;

let seq = 0;
function ev(type: string, payload: object): FeedEvent {
  seq += 1;
  const parsed = parseEvent({ seq, id: `E${seq}`, ts: T0, type, payload });
  if (parsed.kind !== 'known') throw new Error(`bad ${type}: ${JSON.stringify(parsed)}`);
  return parsed.event;
}
const unit = (unitId: string, kind: string) =>
  ev('unit.upserted', {
    unitId,
    callsign: unitId,
    agency: 'border_police',
    organisation: 'GP',
    country: 'RS',
    kind,
    status: 'patrolling',
  });
const pos = (unitId: string, [lon, lat]: readonly [number, number], at: number) =>
  ev('unit.position', { unitId, lon, lat, heading: 0, speed: 3, accuracy: 5, at });
const zone = (zoneId: string, rules: object, at = T0) =>
  ev('zone.created', {
    zoneId,
    name: zoneId,
    area: { kind: 'polygon', coordinates: SQUARE },
    ...zoneRules(),
    author: 'Desk 1',
    at,
    ...rules,
  });
const fold = (events: readonly FeedEvent[], from: OperationState = getEmptyState()) =>
  applyEvents(from, events);

describe('watch zones in the picture', () => {
  it('raises an entry and an exit for a unit crossing the edge, none for moves on either side', () => {
    const s = fold([
      unit('U1', 'foot'),
      pos('U1', OUT, T0),
      zone('Z', {}),
      pos('U1', [19.6, 44.4], T0 + MIN),
      pos('U1', IN, T0 + 2 * MIN),
      pos('U1', [19.15, 44.45], T0 + 3 * MIN),
      pos('U1', OUT, T0 + 4 * MIN),
    ]);
    expect(s.zones['Z']?.alerts).toEqual([
      { at: T0 + 2 * MIN, kind: 'entry', unitId: 'U1' },
      { at: T0 + 4 * MIN, kind: 'exit', unitId: 'U1' },
    ]);
    expect(s.zones['Z']?.unitsInside).toEqual([]);
  });

  it('counts a unit already inside at creation as inside, without an alert', () => {
    const s = fold([
      unit('U1', 'foot'),
      pos('U1', IN, T0),
      zone('Z', {}, T0 + MIN),
      pos('U1', IN, T0 + 2 * MIN),
    ]);
    expect(s.zones['Z']?.unitsInside).toEqual(['U1']);
    expect(s.zones['Z']?.alerts).toEqual([]);
  });

  it('alerts only for the unit kinds chosen and the directions chosen', () => {
    const s = fold([
      unit('B1', 'boat'),
      unit('F1', 'foot'),
      zone('Z', { unitKinds: ['boat'], onExit: false }),
      pos('B1', IN, T0 + MIN),
      pos('F1', IN, T0 + MIN),
      pos('B1', OUT, T0 + 2 * MIN),
    ]);
    expect(s.zones['Z']?.alerts).toEqual([{ at: T0 + MIN, kind: 'entry', unitId: 'B1' }]);
    // Membership follows every unit, watched or not: coverage needs it.
    expect(s.zones['Z']?.unitsInside).toEqual(['F1']);
  });

  it('alerts for an incident reported inside, of the categories and priorities chosen', () => {
    const incident = (
      incidentId: string,
      category: string,
      priority: number,
      [lon, lat]: readonly number[],
    ) =>
      ev('incident.reported', {
        incidentId,
        category,
        priority,
        title: incidentId,
        lon,
        lat,
        reportedAt: T0 + MIN,
      });
    const s = fold([
      zone('Z', {
        watchUnits: false,
        watchIncidents: true,
        incidentCategories: ['drugs'],
        incidentPriorities: [1, 2],
      }),
      incident('I1', 'drugs', 1, IN),
      incident('I2', 'weapons', 1, IN),
      incident('I3', 'drugs', 4, IN),
      incident('I4', 'drugs', 2, OUT),
    ]);
    expect(s.zones['Z']?.alerts).toEqual([{ at: T0 + MIN, kind: 'entry', incidentId: 'I1' }]);
  });

  it('takes no alert after the zone is deleted, and keeps those it had', () => {
    const s = fold([
      unit('U1', 'foot'),
      zone('Z', {}),
      pos('U1', IN, T0 + MIN),
      ev('zone.deleted', { zoneId: 'Z', by: 'Desk 2', at: T0 + 2 * MIN }),
      pos('U1', OUT, T0 + 3 * MIN),
    ]);
    expect(s.zones['Z']).toMatchObject({ deletedAt: T0 + 2 * MIN, deletedBy: 'Desk 2' });
    expect(s.zones['Z']?.alerts).toEqual([{ at: T0 + MIN, kind: 'entry', unitId: 'U1' }]);
  });
});

describe('coverage', () => {
  it('"at least one boat": in breach from creation, recovered when a boat comes in, again when it leaves', () => {
    const events = [
      unit('B1', 'boat'),
      unit('F1', 'foot'),
      zone('Z', {
        onEntry: false,
        onExit: false,
        coverage: [{ rule: 'at_least', count: 1, unitKind: 'boat' }],
      }),
      pos('F1', IN, T0 + MIN),
    ];
    const s1 = fold(events);
    const z1 = s1.zones['Z']!;
    expect(zoneCoverage(z1, T0 + MIN)).toMatchObject([{ ruleIndex: 0, since: T0 }]);
    const s2 = fold([pos('B1', IN, T0 + 2 * MIN)], s1);
    expect(zoneCoverage(s2.zones['Z']!, T0 + 2 * MIN)).toEqual([]);
    const s3 = fold([pos('B1', OUT, T0 + 7 * MIN)], s2);
    expect(zoneCoverage(s3.zones['Z']!, T0 + 8 * MIN)).toMatchObject([{ since: T0 + 7 * MIN }]);
    expect(zoneStatus(s3.zones['Z']!, T0 + 8 * MIN).alarm).toBe(true);
    // The breach that ended is kept for the after-action report: from creation until the boat came.
    expect(s1.zones['Z']!.pastBreaches).toBeUndefined();
    expect(s3.zones['Z']!.pastBreaches).toEqual([{ ruleIndex: 0, from: T0, to: T0 + 2 * MIN }]);
  });

  it('"no unit for 20 minutes": no breach at 19 minutes empty, a breach at 20, none once a unit is back', () => {
    const s = fold([
      unit('U1', 'foot'),
      zone('Z', { onEntry: false, onExit: false, coverage: [{ rule: 'no_unit', minutes: 20 }] }),
      pos('U1', IN, T0 + MIN),
      pos('U1', OUT, T0 + 10 * MIN),
    ]);
    const z = s.zones['Z']!;
    expect(zoneCoverage(z, T0 + 29 * MIN)).toEqual([]);
    expect(zoneCoverage(z, T0 + 30 * MIN)).toMatchObject([
      { rule: { rule: 'no_unit' }, since: T0 + 30 * MIN },
    ]);
    const back = fold([pos('U1', IN, T0 + 31 * MIN)], s).zones['Z']!;
    expect(zoneCoverage(back, T0 + 60 * MIN)).toEqual([]);
    // Its breach began when the 20 minutes ran out and ended when the unit came back.
    expect(back.pastBreaches).toEqual([{ ruleIndex: 0, from: T0 + 30 * MIN, to: T0 + 31 * MIN }]);
    // Back before the minutes ran out: the rule was never in breach.
    const early = fold([pos('U1', IN, T0 + 25 * MIN)], s).zones['Z']!;
    expect(early.pastBreaches).toBeUndefined();
    // A deleted zone is in breach of nothing.
    const gone = fold([ev('zone.deleted', { zoneId: 'Z', by: 'Desk 2', at: T0 + 40 * MIN })], s).zones['Z']!;
    expect(zoneCoverage(gone, T0 + 50 * MIN)).toEqual([]);
  });

  it('follows a sector zone over the sector corridor', () => {
    const s = fold([
      ev('sector.upserted', {
        sectorId: 'S1',
        name: 'Drina',
        countries: ['BA', 'RS'],
        line: [
          [19.1, 44.3],
          [19.1, 44.5],
        ],
        corridor: [[...SQUARE, SQUARE[0]]],
        impactLevel: 'low',
        responsibleAgency: 'GP',
      }),
      unit('U1', 'k9'),
      zone('Z', {
        area: { kind: 'sector', sectorId: 'S1' },
        coverage: [{ rule: 'at_least', count: 1, unitKind: 'k9' }],
      }),
      pos('U1', IN, T0 + MIN),
    ]);
    expect(s.zones['Z']?.alerts).toEqual([{ at: T0 + MIN, kind: 'entry', unitId: 'U1' }]);
    expect(zoneCoverage(s.zones['Z']!, T0 + MIN)).toEqual([]);
  });
});

describe('replay', () => {
  it('a picture folded up to a time, in any batches, gives the same alerts and breaches as the live one', () => {
    const events: FeedEvent[] = [unit('B1', 'boat'), unit('F1', 'foot')];
    events.push(
      zone('Z', {
        coverage: [
          { rule: 'at_least', count: 1, unitKind: 'boat' },
          { rule: 'no_unit', minutes: 20 },
        ],
      }),
    );
    for (let i = 1; i <= 120; i += 1) {
      const id = i % 2 === 0 ? 'B1' : 'F1';
      const inside = Math.floor(i / 7) % 3 === 0;
      events.push(pos(id, inside ? [19.1 + i * 1e-4, 44.4] : [19.5, 44.4 + i * 1e-4], T0 + i * MIN));
    }
    // Live: one event at a time, as a feed delivers them.
    let live = getEmptyState();
    for (const e of events) live = applyEvents(live, [e]);
    // Replay: a keyframe at some point, then the rest in one batch.
    for (const cut of [1, 3, 40, 77, events.length]) {
      const replayed = fold(events.slice(cut), fold(events.slice(0, cut)));
      expect(replayed.zones).toEqual(live.zones);
    }
    const z = live.zones['Z']!;
    expect(z.alerts.length).toBeGreaterThan(10);
    for (const at of [T0 + 30 * MIN, T0 + 125 * MIN, T0 + 200 * MIN])
      expect(zoneCoverage(fold(events).zones['Z']!, at)).toEqual(zoneCoverage(z, at));
  });
});

describe('inside a zone', () => {
  it('agrees with a plain even-odd test over every edge, for a ring of many vertices with a hole', () => {
    const star = Array.from({ length: 1200 }, (_, k) => {
      const a = (k / 1200) * 2 * Math.PI;
      const r = 0.3 + 0.1 * Math.sin(a * 17);
      return [19 + r * Math.cos(a), 44 + r * Math.sin(a)];
    }) as unknown as LngLat[];
    const hole = [
      [18.95, 43.95],
      [19.05, 43.95],
      [19.05, 44.05],
      [18.95, 44.05],
    ] as unknown as LngLat[];
    const rings = [star, hole];
    const plain = (lon: number, lat: number): boolean => {
      let inside = false;
      for (const ring of rings)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i]!;
          const [xj, yj] = ring[j]!;
          if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
        }
      return inside;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1;
    let inside = 0;
    for (let n = 0; n < 20_000; n += 1) {
      const lon = 18.5 + random();
      const lat = 43.5 + random();
      const expected = plain(lon, lat);
      if (expected) inside += 1;
      expect(insideRings(rings, lon, lat)).toBe(expected);
    }
    expect(inside).toBeGreaterThan(1000);
    expect(insideRings(rings, 19, 44)).toBe(false);
    expect(insideRings(rings, 19.2, 44)).toBe(true);
  });
});
