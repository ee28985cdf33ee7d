import { describe, expect, it } from 'vitest';
import type { TrailPoint } from '../../../shared/ipc';
import type { Incident, LinkedCase, Unit } from '../../../shared/state';
import { headingTip, linesBounds, pathMidpoint } from './geometry';
import {
  agencyIn,
  countryLabels,
  degreesPerPixel,
  freshnessCodes,
  LOST,
  parseTowns,
  freshnessToDraw,
  sameCodes,
  STALE,
  FRESH,
  linkRows,
  thinTrail,
  trailRows,
  unacknowledged,
  pulseSplit,
  PULSE_MAX,
  visibleIncidents,
  type TrailCache,
} from './mapData';
import { pickedSelection, pickedTooltip } from './picking';

const settings = { staleAfterMs: 300_000, lostContactAfterMs: 1_200_000 };

function unit(id: string, at: number | null): Unit {
  return {
    unitId: id,
    callsign: `C-${id}`,
    agency: 'customs',
    organisation: 'o',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position:
      at === null ? null : ({ lon: 20, lat: 44, heading: 90, speed: 3, accuracy: 5, at } as Unit['position']),
  };
}

describe('geometry', () => {
  it('bounds all points of all lines', () => {
    expect(
      linesBounds([
        [
          [19, 41],
          [21, 42],
        ],
        [[20, 40]],
      ]),
    ).toEqual([19, 40, 21, 42]);
    expect(linesBounds([])).toBeNull();
  });

  it('finds the midpoint along the line, not the middle vertex', () => {
    const mid = pathMidpoint([
      [0, 0],
      [0.1, 0],
      [10, 0],
    ]);
    expect(mid?.[0]).toBeCloseTo(5, 5);
    expect(pathMidpoint([])).toBeNull();
  });

  it('points a heading tick east for 90° and north for 0°', () => {
    const east = headingTip(20, 0, 90, 10, 8);
    expect(east[0]).toBeGreaterThan(20);
    expect(east[1]).toBeCloseTo(0, 9);
    const north = headingTip(20, 44, 0, 10, 8);
    expect(north[0]).toBeCloseTo(20, 9);
    expect(north[1]).toBeGreaterThan(44);
    // Twice the zoom level, half the length in degrees.
    expect(headingTip(20, 0, 90, 10, 9)[0] - 20).toBeCloseTo((east[0] - 20) / 2, 9);
  });
});

describe('mapData', () => {
  it('codes freshness per unit and compares code arrays', () => {
    const codes = freshnessCodes(
      [unit('a', 1_000_000), unit('b', 500_000), unit('c', null)],
      1_000_000 + 200_000,
      settings,
    );
    expect([...codes]).toEqual([FRESH, STALE, LOST]);
    expect(sameCodes(codes, Uint8Array.from(codes))).toBe(true);
    expect(sameCodes(codes, Uint8Array.from([0, 0, 2]))).toBe(false);
  });

  it('recolours the units with the next position frame while frames flow, at once when they do not', () => {
    const shown = Uint8Array.from([FRESH, FRESH, STALE]);
    const oneGoneStale = Uint8Array.from([FRESH, STALE, STALE]);
    // Nobody changed class: the array drawn stays, whatever else changed.
    expect(freshnessToDraw(shown, Uint8Array.from(shown), true, true)).toBe(shown);
    expect(freshnessToDraw(shown, Uint8Array.from(shown), false, false)).toBe(shown);
    // The clock's tick while frames flow: the recolour waits for the frame's redraw.
    expect(freshnessToDraw(shown, oneGoneStale, false, true)).toBe(shown);
    expect(freshnessToDraw(shown, oneGoneStale, true, true)).toBe(oneGoneStale);
    // A silent feed (or replay): the tick is the only redraw coming.
    expect(freshnessToDraw(shown, oneGoneStale, false, false)).toBe(oneGoneStale);
    // A new table of another size is never drawn with the old codes.
    const more = Uint8Array.from([FRESH, FRESH, STALE, LOST]);
    expect(freshnessToDraw(shown, more, true, true)).toBe(more);
  });

  it('keeps trails of known units with two points or more, converting each trail once per zoom step', () => {
    const trail = [
      { ts: 1, lon: 20, lat: 44 },
      { ts: 2, lon: 20.1, lat: 44.1 },
    ];
    const cache: TrailCache = new WeakMap();
    const units = { a: unit('a', 2), b: unit('b', 1) };
    const rows = trailRows({ a: trail, b: [trail[0]!], ghost: trail }, agencyIn(units), 8, cache);
    expect(rows.map((r) => r.unitId)).toEqual(['a']);
    expect(rows[0]!.agency).toBe(units.a.agency);
    expect(trailRows({ a: trail }, agencyIn(units), 8, cache)[0]!.path).toBe(rows[0]!.path);
    expect(trailRows({ a: trail }, agencyIn(units), 9, cache)[0]!.path).not.toBe(rows[0]!.path);
  });

  it('thins a trail to what a pixel can show, keeping its ends and its turns', () => {
    // Half an hour of reports every 2 s from a unit at 11 m/s going east, then north.
    const trail: TrailPoint[] = [];
    for (let i = 0; i < 900; i++) {
      const east = Math.min(i, 450) * 22;
      const north = Math.max(0, i - 450) * 22;
      trail.push({ ts: i * 2000, lon: 19 + east / 80_000, lat: 44 + north / 111_000 });
    }
    const overview = thinTrail(trail, 7);
    const close = thinTrail(trail, 14);
    expect(overview[0]).toEqual([trail[0]!.lon, trail[0]!.lat]);
    expect(overview.at(-1)).toEqual([trail[899]!.lon, trail[899]!.lat]);
    // At the overview a pixel is about 1 km: some 20 km of track need a few dozen points, not 900.
    expect(overview.length).toBeLessThan(60);
    expect(overview.length).toBeGreaterThan(10);
    // The corner survives: a point within a pixel of where the unit turned north.
    const corner = [19 + (450 * 22) / 80_000, 44];
    const pixel = 1.5 * degreesPerPixel(7);
    expect(
      overview.some(
        ([lon, lat]) => Math.abs(lon - corner[0]!) <= pixel && Math.abs(lat - corner[1]!) <= pixel,
      ),
    ).toBe(true);
    // Zoomed in, where every report is pixels apart, nothing is dropped.
    expect(close).toHaveLength(900);
    expect(thinTrail([], 7)).toEqual([]);
    expect(thinTrail([trail[0]!], 7)).toEqual([[19, 44]]);
  });

  it('splits towns by size and drops malformed entries', () => {
    const towns = parseTowns([
      { name: 'Big', country: 'RS', population: 50_000, lon: 20, lat: 44 },
      { name: 'Small', country: 'RS', population: 6_000, lon: 20, lat: 44 },
      { name: 'Tiny', country: 'RS', population: 100, lon: 20, lat: 44 },
      { name: 'Far', country: 'TR', population: 9e6, lon: 29, lat: 41 },
      { name: 3 },
    ]);
    expect(towns.major.map((t) => t.name)).toEqual(['Big']);
    expect(towns.minor.map((t) => t.name)).toEqual(['Small']);
    expect(parseTowns({})).toEqual({ major: [], minor: [] });
  });

  it('pulses exactly the incidents the feed counts as unacknowledged', () => {
    const at = (status: Incident['status'], acknowledgedAt: number | null) =>
      ({ incidentId: `${status}-${acknowledgedAt ?? 'none'}`, status, acknowledgedAt }) as Incident;
    const incidents = Object.fromEntries(
      [
        at('reported', null),
        at('assigned', null),
        at('acknowledged', 5),
        at('resolved', null),
        at('closed', null),
      ].map((i) => [i.incidentId, i]),
    );
    const shown = visibleIncidents(incidents);
    expect(shown.map((i) => i.status)).toEqual(['reported', 'assigned', 'acknowledged', 'resolved']);
    // A resolved incident nobody acknowledged stays on the map, faded, but no longer pulses.
    expect(unacknowledged(shown).map((i) => i.status)).toEqual(['reported', 'assigned']);
  });

  it('pulses the most urgent unacknowledged incidents, at most PULSE_MAX, and rings the rest steadily', () => {
    const at = (n: number, priority: Incident['priority'], reportedAt: number) =>
      ({ incidentId: `I${n}`, priority, reportedAt, status: 'reported', acknowledgedAt: null }) as Incident;
    const few = [at(1, 3, 10), at(2, 1, 5)];
    expect(pulseSplit(few)).toEqual({ pulsing: few, steady: [] });
    // A flood of low-priority reports cannot take the pulse from a priority-1 one, nor an old one from a new one.
    const flood = Array.from({ length: 5000 }, (_, n) => at(n + 10, 4, 1000 + n));
    const urgent = at(0, 1, 1);
    const { pulsing, steady } = pulseSplit([...flood, urgent]);
    expect(pulsing).toHaveLength(PULSE_MAX);
    expect(pulsing[0]).toBe(urgent);
    expect(pulsing[1]!.reportedAt).toBe(1000 + 4999);
    expect(steady).toHaveLength(5001 - PULSE_MAX);
    // Every unacknowledged incident is marked one way or the other.
    expect(new Set([...pulsing, ...steady].map((i) => i.incidentId)).size).toBe(5001);
  });
});

describe('picking', () => {
  it('turns a picked unit into a selection and empty map into none', () => {
    expect(pickedSelection('units', unit('a', 1))).toEqual({ kind: 'unit', id: 'a' });
    expect(pickedSelection(undefined, undefined)).toBeNull();
    expect(pickedSelection('trails', { unitId: 'a' })).toBeNull();
  });

  it('gives incident tooltips as plain text with the untrusted title verbatim', () => {
    const incident = {
      incidentId: 'i1',
      category: 'migrant_smuggling',
      priority: 1,
      title: '<img src=x onerror=alert(1)>',
      lon: 20,
      lat: 44,
      reportedAt: 0,
      status: 'reported',
      acknowledgedAt: null,
      assignedUnitIds: [],
    } as unknown as Incident;
    const text = pickedTooltip('incidents', incident, 125_000);
    expect(text).toBe(
      'P1 migrant smuggling · reported\n<img src=x onerror=alert(1)>\nReported 2 min ago · not acknowledged',
    );
  });
});

describe('linkRows', () => {
  const incident = (id: string, reportedAt: number, lon: number): Incident =>
    ({ incidentId: id, reportedAt, lon, lat: 44, status: id === 'c' ? 'closed' : 'reported' }) as Incident;
  const incidents = {
    a: incident('a', 3, 20),
    b: incident('b', 1, 19),
    c: incident('c', 2, 21),
    d: incident('d', 5, 22),
  };
  const linkedCase = (caseId: string, incidentIds: string[]): LinkedCase =>
    ({
      caseId,
      title: `<b>${caseId}</b>`,
      incidentIds,
      openedAt: 0,
      openedBy: 'x',
      updatedAt: 0,
    }) as unknown as LinkedCase;

  it('draws each case through its incidents in report order, closed ones included, the selected one on top', () => {
    const rows = linkRows(
      {
        L1: linkedCase('L1', ['a', 'b', 'c', 'gone']),
        L2: linkedCase('L2', ['d', 'a']),
        L3: linkedCase('L3', ['d', 'gone']),
      },
      incidents,
      'd',
    );
    expect(rows.map((r) => [r.caseId, r.count, r.selected])).toEqual([
      ['L1', 3, false],
      ['L2', 2, true],
    ]);
    expect(rows[0]?.path).toEqual([
      [19, 44],
      [21, 44],
      [20, 44],
    ]);
  });

  it('names the case in its tooltip as the data has it, and nothing is selected by a click on it', () => {
    const [row] = linkRows({ L2: linkedCase('L2', ['d', 'a']) }, incidents, null);
    expect(pickedTooltip('linked-cases', row, 0)).toBe('<b>L2</b>\nLinked case · 2 incidents');
    expect(pickedSelection('linked-cases', row)).toBeNull();
  });
});

describe('countryLabels', () => {
  it('writes each name inside its largest ring and skips what is not a country', () => {
    const square = (x: number, y: number, size: number) => [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
      ],
    ];
    const labels = countryLabels({
      features: [
        { properties: { name: 'Montenegro' }, geometry: { type: 'Polygon', coordinates: square(19, 42, 1) } },
        {
          properties: { name: 'Croatia' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              square(14, 44, 0.1),
              [
                [
                  [15, 45],
                  [17, 45],
                  [17, 46],
                  [16, 46],
                  [15, 46],
                ],
              ],
            ],
          },
        },
        { properties: {}, geometry: { type: 'Polygon', coordinates: square(0, 0, 1) } },
      ],
    });
    expect(labels).toEqual([
      { name: 'Montenegro', lon: 19.5, lat: 42.5 },
      { name: 'Croatia', lon: 16, lat: 45.6 },
    ]);
    expect(countryLabels(null)).toEqual([]);
  });
});
