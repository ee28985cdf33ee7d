import type { FeatureCollection } from 'geojson';
import {
  getEmptyState,
  type Crossing,
  type Incident,
  type Operation,
  type OperationState,
  type Sector,
  type Unit,
} from '../../../shared/state';
import { epochMs, lngLat } from '../../../shared/units';
import type { ReportInput } from './types';

/** Builders for the report's tests: complete, valid entities with only the interesting fields given. */

/** 2026-11-29 00:00 UTC. */
export const DAY0 = Date.UTC(2026, 10, 29);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export function makeOperation(patch: Partial<Operation> = {}): Operation {
  return {
    operationId: 'JO-TEST-1',
    name: 'Joint Operation Test Shield',
    mode: 'exercise',
    countries: ['HR', 'RS', 'BA'],
    agencies: ['border_police'],
    plannedStartAt: epochMs(DAY0),
    plannedEndAt: epochMs(DAY0 + 72 * HOUR),
    startedAt: epochMs(DAY0),
    endedAt: null,
    ...patch,
  };
}

export function makeSector(sectorId: string, patch: Partial<Omit<Sector, 'sectorId'>> = {}): Sector {
  return {
    sectorId,
    name: `Sector ${sectorId}`,
    countries: ['HR', 'RS'],
    line: [lngLat(19, 45), lngLat(19.1, 45.1)],
    corridor: [],
    impactLevel: 'low',
    impactChangedAt: null,
    responsibleAgency: 'border_police',
    ...patch,
  };
}

export function makeUnit(unitId: string, patch: Partial<Omit<Unit, 'unitId'>> = {}): Unit {
  return {
    unitId,
    callsign: `CS-${unitId}`,
    agency: 'border_police',
    organisation: 'Border Police',
    country: 'HR',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: null,
    ...patch,
  };
}

export function makeCrossing(
  crossingId: string,
  patch: Partial<Omit<Crossing, 'crossingId'>> = {},
): Crossing {
  return {
    crossingId,
    name: `Crossing ${crossingId}`,
    countries: ['HR', 'RS'],
    lon: 19.05,
    lat: 45.05,
    sectorId: 'S1',
    kind: 'road',
    ...patch,
  };
}

export function makeIncident(
  incidentId: string,
  patch: Partial<Omit<Incident, 'incidentId'>> = {},
): Incident {
  return {
    incidentId,
    category: 'irregular_crossing',
    priority: 3,
    title: `Incident ${incidentId}`,
    lon: 19,
    lat: 45,
    reportedAt: epochMs(DAY0 + HOUR),
    counts: {},
    partnerReferences: [],
    status: 'reported',
    acknowledgedAt: null,
    acknowledgedBy: null,
    assignedAt: null,
    assignedUnitIds: [],
    resolvedAt: null,
    outcome: null,
    closedAt: null,
    updatedAt: epochMs(DAY0 + HOUR),
    notes: [],
    ...patch,
  };
}

export function byId<T>(items: readonly T[], id: (item: T) => string): Record<string, T> {
  return Object.fromEntries(items.map((item) => [id(item), item]));
}

export function makeState(patch: Partial<OperationState> = {}): OperationState {
  return { ...getEmptyState(), operation: makeOperation(), ...patch };
}

export function makeInput(patch: Partial<ReportInput> = {}): ReportInput {
  return {
    state: makeState(),
    from: DAY0,
    to: DAY0 + 48 * HOUR,
    impactAtStart: {},
    impactChanges: [],
    unitActivity: [],
    bookmarks: [],
    generatedAt: DAY0 + 49 * HOUR,
    generatedBy: 'Officer Test',
    ...patch,
  };
}

/** One square "country" around the sample sectors. */
export const basemap = (name: string): FeatureCollection => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: 'HR', name },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [18, 44],
            [20.5, 44],
            [20.5, 46.5],
            [18, 46.5],
            [18, 44],
          ],
        ],
      },
    },
  ],
});

/** A small but complete report input: every section has something to show. */
export function sampleInput(patch: Partial<ReportInput> = {}): ReportInput {
  const sectors = byId(
    [
      makeSector('S1', {
        name: 'Bajakovo',
        line: [lngLat(19, 45), lngLat(19.4, 45.2)],
        impactLevel: 'critical',
      }),
      makeSector('S2', {
        name: 'Bezdan',
        line: [lngLat(18.8, 45.8), lngLat(19.1, 46.1)],
        impactLevel: 'low',
      }),
    ],
    (s) => s.sectorId,
  );
  const incidents = byId(
    [
      makeIncident('I1', {
        title: 'Group of 12 migrants near the river',
        priority: 1,
        sectorId: 'S1',
        reportedBy: 'U1',
        reportedAt: epochMs(DAY0 + HOUR),
        acknowledgedAt: epochMs(DAY0 + HOUR + 2 * MINUTE),
        counts: { migrants: 12, facilitators: 1 },
        notes: [
          {
            noteId: 'n1',
            author: 'Duty officer',
            text: 'Handed to RS patrol.',
            at: epochMs(DAY0 + 2 * HOUR),
          },
        ],
      }),
      makeIncident('I2', {
        category: 'readmission_handover',
        priority: 3,
        sectorId: 'S2',
        reportedAt: epochMs(DAY0 + 26 * HOUR),
        counts: { readmittedPersons: 4 },
        readmission: { fromCountry: 'HR', toCountry: 'RS', crossingId: 'C1', persons: 4 },
        lon: 19,
        lat: 45.9,
      }),
    ],
    (i) => i.incidentId,
  );
  return makeInput({
    state: makeState({
      sectors,
      incidents,
      units: byId([makeUnit('U1', { callsign: 'HR-BP-01' })], (u) => u.unitId),
      crossings: byId([makeCrossing('C1', { name: 'Bezdan–Bački Breg' })], (c) => c.crossingId),
    }),
    impactAtStart: { S1: 'medium', S2: 'low' },
    impactChanges: [{ sectorId: 'S1', at: DAY0 + 3 * HOUR, level: 'critical', reason: 'Large group' }],
    unitActivity: [
      {
        unitId: 'U1',
        reports: 100,
        distanceM: 52_000,
        patrolMs: 20 * HOUR,
        respondingMs: HOUR,
        onSceneMs: HOUR,
      },
    ],
    bookmarks: [{ at: DAY0 + 4 * HOUR, label: 'Shift change', author: 'Officer Test', shared: true }],
    basemap: { countries: basemap('Croatia') },
    ...patch,
  });
}

/** Text a hostile operations server might send: scripts, attribute breakouts, javascript: and external URLs. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  attr: '" onload="alert(2)" x="',
  img: '"><img src=x onerror=alert(3)>',
  js: 'javascript:alert(4)',
  style: '</style><script>alert(5)</script>',
  single: "' onmouseover='alert(6)",
  svg: '<svg onload=alert(7)><foreignObject><iframe src="https://evil.example/"></iframe></foreignObject>',
  link: '<a href="javascript:alert(8)">click</a>',
  css: 'url(https://evil.example/x.png) @import "https://evil.example/a.css"',
  bidi: 'AB\u202Edcba \u2067isolate\u2069 \u200Fmark',
};
/** Every hostile string in one text. */
export const ALL_HOSTILE = Object.values(HOSTILE).join(' ');

/** {@link sampleInput} with hostile text in every field that reaches the page. */
export function hostileInput(): ReportInput {
  const base = sampleInput();
  const state = base.state;
  return {
    ...base,
    state: {
      ...state,
      operation: makeOperation({ name: `${HOSTILE.script}${HOSTILE.attr}`, operationId: HOSTILE.single }),
      sectors: {
        ...state.sectors,
        S1: { ...state.sectors['S1']!, name: HOSTILE.svg },
      },
      units: { U1: makeUnit('U1', { callsign: HOSTILE.img }) },
      crossings: { C1: makeCrossing('C1', { name: HOSTILE.link }) },
      incidents: {
        I1: {
          ...state.incidents['I1']!,
          title: HOSTILE.img,
          description: HOSTILE.js,
          outcome: HOSTILE.style,
          partnerReferences: [{ kind: 'siena', reference: HOSTILE.attr }],
          notes: [{ noteId: 'n1', author: HOSTILE.single, text: ALL_HOSTILE, at: epochMs(DAY0 + 2 * HOUR) }],
        },
        I2: state.incidents['I2']!,
      },
    },
    impactChanges: [{ sectorId: 'S1', at: DAY0 + 3 * HOUR, level: 'critical', reason: HOSTILE.css }],
    bookmarks: [
      { at: DAY0 + 4 * HOUR, label: HOSTILE.link, note: HOSTILE.js, author: HOSTILE.attr, shared: false },
    ],
    generatedBy: HOSTILE.script,
    basemap: { countries: basemap(`${HOSTILE.script}${HOSTILE.css}`) },
  };
}
