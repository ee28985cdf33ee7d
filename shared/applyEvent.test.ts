import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from './applyEvent';
import {
  IMPACT_LEVELS,
  INCIDENT_CATEGORIES,
  UNIT_KINDS,
  UNIT_STATUSES,
  type IncidentPriority,
} from './domain';
import { parseEvent } from './protocol/parseEvent';
import { LINKED_CASE_MAX_INCIDENTS, type FeedEvent } from './protocol/events';
import { getEmptyState, type OperationState } from './state';

const T0 = Date.UTC(2026, 9, 5, 6);
const unitIds = ['U1', 'U2', 'U3'];
const incidentIds = ['I1', 'I2', 'constructor'];
const sectorIds = ['BA-RS-01', 'HR-RS-02'];
const caseIds = ['RA-1', 'RA-2'];
const time = fc.integer({ min: T0, max: T0 + 3_600_000 });
const lon = fc.double({ min: 18, max: 23, noNaN: true });
const lat = fc.double({ min: 40, max: 46, noNaN: true });
const by = fc.constantFrom('JOC desk 1', 'Officer Marić');

/** Payload arbitraries over a tiny id universe, so that events hit the same entities often. */
const payloads = {
  'operation.started': fc.record({
    operationId: fc.constant('JO-1'),
    name: fc.constantFrom('Border Shield', 'Drina 26'),
    mode: fc.constantFrom('exercise', 'live'),
    countries: fc.constant(['BA', 'RS']),
    agencies: fc.constant(['Border police']),
    plannedStartAt: fc.constant(T0),
    plannedEndAt: fc.constant(T0 + 86_400_000),
    startedAt: fc.constant(T0),
  }),
  'operation.updated': fc.record({
    operationId: fc.constant('JO-1'),
    name: fc.constantFrom('Border Shield', 'Border Shield II'),
  }),
  'operation.ended': fc.record({ operationId: fc.constant('JO-1'), endedAt: time }),
  'sector.upserted': fc.record({
    sectorId: fc.constantFrom(...sectorIds),
    name: fc.constantFrom('Zvornik', 'Bajina Bašta'),
    countries: fc.constant(['BA', 'RS']),
    line: fc.constant([
      [19.1, 44.4],
      [19.2, 44.3],
    ]),
    corridor: fc.constant([
      [
        [19.0, 44.3],
        [19.3, 44.3],
        [19.3, 44.5],
        [19.0, 44.3],
      ],
    ]),
    impactLevel: fc.constantFrom(...IMPACT_LEVELS),
    responsibleAgency: fc.constant('Border Police of BiH / Border Police Administration of Serbia'),
  }),
  'sector.impact_changed': fc.record({
    sectorId: fc.constantFrom(...sectorIds),
    impactLevel: fc.constantFrom(...IMPACT_LEVELS),
    at: time,
  }),
  'crossing.upserted': fc.record({
    crossingId: fc.constant('BCP-1'),
    name: fc.constant('Karakaj / Mali Zvornik'),
    countries: fc.constant(['BA', 'RS']),
    lon,
    lat,
    sectorId: fc.constantFrom(...sectorIds),
    kind: fc.constantFrom('road', 'rail'),
  }),
  'unit.upserted': fc.record({
    unitId: fc.constantFrom(...unitIds),
    callsign: fc.constantFrom('RS-BP 101', 'BA-BP 102'),
    agency: fc.constantFrom('border_police', 'customs'),
    organisation: fc.constant('Border Police'),
    country: fc.constantFrom('BA', 'RS'),
    kind: fc.constantFrom(...UNIT_KINDS),
    sectorId: fc.constantFrom(...sectorIds),
    status: fc.constantFrom(...UNIT_STATUSES),
  }),
  'unit.position': fc.record({
    unitId: fc.constantFrom(...unitIds),
    lon,
    lat,
    heading: fc.integer({ min: 0, max: 359 }),
    speed: fc.integer({ min: 0, max: 40 }),
    accuracy: fc.integer({ min: 1, max: 50 }),
    at: time,
  }),
  'unit.status_changed': fc.record(
    {
      unitId: fc.constantFrom(...unitIds),
      status: fc.constantFrom(...UNIT_STATUSES),
      incidentId: fc.constantFrom(...incidentIds),
      at: time,
    },
    { requiredKeys: ['unitId', 'status', 'at'] },
  ),
  'incident.reported': fc.record(
    {
      incidentId: fc.constantFrom(...incidentIds),
      category: fc.constantFrom(...INCIDENT_CATEGORIES),
      priority: fc.constantFrom<IncidentPriority>(1, 2, 3, 4),
      title: fc.constantFrom('Group of 12 near Zvornik', 'Stolen vehicle hit'),
      lon,
      lat,
      sectorId: fc.constantFrom(...sectorIds),
      reportedAt: time,
      counts: fc.record({ migrants: fc.integer({ min: 0, max: 40 }) }),
      partnerReferences: fc.constant([{ kind: 'siena', reference: 'SIENA 2026/0041837' }]),
    },
    { requiredKeys: ['incidentId', 'category', 'priority', 'title', 'lon', 'lat', 'reportedAt'] },
  ),
  'incident.updated': fc.record(
    {
      incidentId: fc.constantFrom(...incidentIds),
      priority: fc.constantFrom<IncidentPriority>(1, 2, 3, 4),
      counts: fc.record({ facilitators: fc.integer({ min: 0, max: 3 }) }),
      at: time,
    },
    { requiredKeys: ['incidentId', 'at'] },
  ),
  'incident.acknowledged': fc.record({ incidentId: fc.constantFrom(...incidentIds), by, at: time }),
  'incident.assigned': fc.record({
    incidentId: fc.constantFrom(...incidentIds),
    unitIds: fc.subarray(unitIds, { minLength: 1 }),
    by,
    at: time,
  }),
  'incident.resolved': fc.record({
    incidentId: fc.constantFrom(...incidentIds),
    outcome: fc.constantFrom('Group apprehended', 'Nothing found'),
    at: time,
  }),
  'incident.closed': fc.record({ incidentId: fc.constantFrom(...incidentIds), at: time }),
  'incident.note_added': fc.record({
    incidentId: fc.constantFrom(...incidentIds),
    noteId: fc.constantFrom('N1', 'N2', 'N3'),
    author: by,
    text: fc.constantFrom('Checked with Europol liaison.', 'Vehicle sent for search'),
    at: time,
  }),
  'readmission.requested': fc.record({
    caseId: fc.constantFrom(...caseIds),
    requestingCountry: fc.constant('RS'),
    requestedCountry: fc.constantFrom('MK', 'BA'),
    crossingId: fc.constant('BCP-RS-MK-PRESEVO'),
    incidentIds: fc.constant(['I1']),
    persons: fc.constantFrom([{ nationality: 'AF', persons: 3 }], [{ nationality: 'SY', persons: 1 }]),
    requestedAt: fc.constant(T0),
    deadlineAt: fc.constant(T0 + 2 * 86_400_000),
    by: by,
  }),
  'readmission.accepted': fc.record({ caseId: fc.constantFrom(...caseIds), by, at: time }),
  'readmission.refused': fc.record({
    caseId: fc.constantFrom(...caseIds),
    by,
    reason: fc.constantFrom('Entry from our territory not established.'),
    at: time,
  }),
  'readmission.handed_over': fc.record({ caseId: fc.constantFrom(...caseIds), by, at: time }),
  'readmission.closed': fc.record({ caseId: fc.constantFrom(...caseIds), at: time }),
  'incident.linked': fc.record(
    {
      caseId: fc.constantFrom('LC-1', 'LC-2'),
      title: fc.constantFrom('Network Drina', 'Ring Sava'),
      incidentIds: fc.array(fc.constantFrom(...incidentIds), { minLength: 1, maxLength: 3 }),
      by,
      at: time,
    },
    { requiredKeys: ['caseId', 'incidentIds', 'by', 'at'] },
  ),
  'incident.unlinked': fc.record({
    caseId: fc.constantFrom('LC-1', 'LC-2'),
    incidentId: fc.constantFrom(...incidentIds),
    by,
    at: time,
  }),
  'bookmark.added': fc.record({
    bookmarkId: fc.constantFrom('B1', 'B2'),
    label: fc.constantFrom('Handover', 'Shift change'),
    author: by,
    at: time,
  }),
  'annotation.created': fc.record({
    annotationId: fc.constantFrom('A1', 'A2'),
    kind: fc.constant('line'),
    coordinates: fc.array(fc.tuple(lon, lat), { minLength: 2, maxLength: 5 }),
    color: fc.constantFrom('magenta', 'sky'),
    author: by,
    at: time,
  }),
  'annotation.deleted': fc.record({ annotationId: fc.constantFrom('A1', 'A2'), by, at: time }),
  // A zone over about half the positions drawn, so that moves enter and leave it often.
  'zone.created': fc.record({
    zoneId: fc.constantFrom('Z1', 'Z2'),
    name: fc.constantFrom('River watch', 'Ridge'),
    area: fc.constantFrom(
      {
        kind: 'polygon',
        coordinates: [
          [18, 40],
          [20.5, 40],
          [20.5, 43],
          [18, 43],
        ],
      },
      { kind: 'sector', sectorId: 'BA-RS-01' },
    ),
    onEntry: fc.boolean(),
    onExit: fc.boolean(),
    watchUnits: fc.constant(true),
    unitKinds: fc.constantFrom([], ['boat'], ['k9', 'foot']),
    watchIncidents: fc.boolean(),
    incidentCategories: fc.constantFrom([], ['drugs']),
    incidentPriorities: fc.constantFrom([], [1, 2]),
    coverage: fc.constantFrom(
      [{ rule: 'no_unit', minutes: 20 }],
      [
        { rule: 'at_least', count: 1, unitKind: 'boat' },
        { rule: 'no_unit', minutes: 5 },
      ],
    ),
    author: by,
    at: time,
  }),
  'zone.deleted': fc.record({ zoneId: fc.constantFrom('Z1', 'Z2'), by, at: time }),
} as const;

/** A draft of an incident reported at T0, for tests that need incidents in the picture. */
const reported = (incidentId: string) => ({
  type: 'incident.reported' as const,
  payload: {
    incidentId,
    category: 'drugs',
    priority: 3,
    title: incidentId,
    lon: 19,
    lat: 44,
    reportedAt: T0,
  },
});

type Draft = { type: keyof typeof payloads; payload: unknown };
const draft: fc.Arbitrary<Draft> = fc.oneof(
  ...(Object.keys(payloads) as (keyof typeof payloads)[]).map((type) =>
    (payloads[type] as fc.Arbitrary<unknown>).map((payload): Draft => ({ type, payload })),
  ),
);

/** Turns drafts into validated events with rising seqs; a draft the schema refuses fails the test. */
function toEvents(drafts: readonly Draft[]): FeedEvent[] {
  return drafts.map((d, i) => {
    const parsed = parseEvent({ seq: i + 1, id: `E${i + 1}`, ts: T0 + i, type: d.type, payload: d.payload });
    if (parsed.kind !== 'known') throw new Error(`arbitrary made a bad ${d.type}: ${JSON.stringify(parsed)}`);
    return parsed.event;
  });
}

const history = fc.array(draft, { maxLength: 60 }).map(toEvents);

describe('applyEvent', () => {
  it('keeps an annotation from its creation, and its deletion with who and when, never a second creation', () => {
    const square = [
      [19.1, 44.38],
      [19.13, 44.38],
      [19.13, 44.41],
      [19.1, 44.41],
    ];
    const events = toEvents([
      {
        type: 'annotation.created',
        payload: {
          annotationId: 'A1',
          kind: 'polygon',
          coordinates: square,
          text: 'Search area',
          color: 'magenta',
          author: 'Insp. Marković',
          at: T0,
        },
      },
      { type: 'annotation.deleted', payload: { annotationId: 'A1', by: 'Officer Hoxha', at: T0 + 60_000 } },
      // A repeat of the creation after the deletion does not bring it back.
      {
        type: 'annotation.created',
        payload: {
          annotationId: 'A1',
          kind: 'point',
          coordinates: [[19, 44]],
          color: 'lime',
          author: 'x',
          at: T0,
        },
      },
      { type: 'annotation.deleted', payload: { annotationId: 'A1', by: 'Someone else', at: T0 + 90_000 } },
      { type: 'annotation.deleted', payload: { annotationId: 'NOPE', by: 'Someone else', at: T0 } },
    ]);
    const created = applyEvents(getEmptyState(), events.slice(0, 1));
    expect(created.annotations['A1']).toEqual({
      annotationId: 'A1',
      kind: 'polygon',
      coordinates: square,
      text: 'Search area',
      color: 'magenta',
      author: 'Insp. Marković',
      createdAt: T0,
      deletedAt: null,
      deletedBy: null,
    });
    const end = applyEvents(getEmptyState(), events);
    expect(Object.keys(end.annotations)).toEqual(['A1']);
    expect(end.annotations['A1']).toMatchObject({
      kind: 'polygon',
      deletedAt: T0 + 60_000,
      deletedBy: 'Officer Hoxha',
    });
  });

  it('applying any event a second time changes nothing and returns the same object', () => {
    fc.assert(
      fc.property(history, draft, (events, next) => {
        const before = applyEvents(getEmptyState(), events);
        const [event] = toEvents([next]);
        const once = applyEvent(before, event!);
        const twice = applyEvent(once, event!);
        expect(twice).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it('folding a batch equals applying its events one by one', () => {
    fc.assert(
      fc.property(history, (events) => {
        const batched = applyEvents(getEmptyState(), events);
        const single = events.reduce<OperationState>((s, e) => applyEvent(s, e), getEmptyState());
        expect(batched).toEqual(single);
      }),
      { numRuns: 200 },
    );
  });

  it('never moves an incident backwards in its lifecycle', () => {
    const order = ['reported', 'acknowledged', 'assigned', 'resolved', 'closed'];
    fc.assert(
      fc.property(history, (events) => {
        let state = getEmptyState();
        for (const event of events) {
          const next = applyEvent(state, event);
          for (const [id, incident] of Object.entries(state.incidents)) {
            const after = next.incidents[id];
            expect(after).toBeDefined();
            expect(order.indexOf(after!.status)).toBeGreaterThanOrEqual(order.indexOf(incident.status));
          }
          state = next;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('builds an incident through its lifecycle', () => {
    const events = toEvents([
      {
        type: 'incident.reported',
        payload: {
          incidentId: 'I1',
          category: 'migrant_smuggling',
          priority: 2,
          title: 'Van with 18 migrants near Zvornik',
          lon: 19.1,
          lat: 44.39,
          reportedAt: T0,
          counts: { migrants: 18 },
        },
      },
      { type: 'incident.acknowledged', payload: { incidentId: 'I1', by: 'JOC desk 1', at: T0 + 60_000 } },
      {
        type: 'incident.assigned',
        payload: { incidentId: 'I1', unitIds: ['U1'], by: 'JOC desk 1', at: T0 + 120_000 },
      },
      {
        type: 'incident.note_added',
        payload: {
          incidentId: 'I1',
          noteId: 'N2',
          author: 'U1',
          text: 'Driver fled on foot',
          at: T0 + 400_000,
        },
      },
      {
        type: 'incident.note_added',
        payload: { incidentId: 'I1', noteId: 'N1', author: 'U1', text: 'On scene', at: T0 + 300_000 },
      },
      {
        type: 'incident.resolved',
        payload: {
          incidentId: 'I1',
          outcome: 'Facilitator arrested',
          counts: { migrants: 17, facilitators: 1 },
          at: T0 + 900_000,
        },
      },
      { type: 'incident.closed', payload: { incidentId: 'I1', at: T0 + 1_200_000 } },
    ]);
    const state = applyEvents(getEmptyState(), events);
    expect(state.incidents['I1']).toMatchObject({
      status: 'closed',
      acknowledgedAt: T0 + 60_000,
      acknowledgedBy: 'JOC desk 1',
      assignedUnitIds: ['U1'],
      outcome: 'Facilitator arrested',
      counts: { migrants: 17, facilitators: 1 },
      closedAt: T0 + 1_200_000,
    });
    // Notes are kept in time order even when a queued note arrives late.
    expect(state.incidents['I1']!.notes.map((n) => n.noteId)).toEqual(['N1', 'N2']);
  });

  it('keeps the newest position when an older report arrives late', () => {
    const [upsert, newer, older] = toEvents([
      {
        type: 'unit.upserted',
        payload: {
          unitId: 'U1',
          callsign: 'BA-BP 101',
          agency: 'border_police',
          organisation: 'Border Police of BiH',
          country: 'BA',
          kind: 'vehicle',
          status: 'patrolling',
        },
      },
      {
        type: 'unit.position',
        payload: { unitId: 'U1', lon: 19.2, lat: 44.3, heading: 90, speed: 10, accuracy: 5, at: T0 + 20_000 },
      },
      {
        type: 'unit.position',
        payload: { unitId: 'U1', lon: 19.1, lat: 44.4, heading: 90, speed: 10, accuracy: 5, at: T0 + 10_000 },
      },
    ]);
    const state = applyEvents(getEmptyState(), [upsert!, newer!]);
    expect(applyEvent(state, older!)).toBe(state);
    expect(state.units['U1']!.position).toMatchObject({ lon: 19.2, lat: 44.3 });
  });

  it('takes a readmission case through request, answer, handover and closing, each answer once', () => {
    const events = toEvents([
      {
        type: 'readmission.requested',
        payload: {
          caseId: 'RA-1',
          requestingCountry: 'RS',
          requestedCountry: 'MK',
          crossingId: 'BCP-1',
          incidentIds: ['I1'],
          persons: [
            { nationality: 'AF', persons: 5 },
            { nationality: 'PK', persons: 2 },
          ],
          requestedAt: T0,
          deadlineAt: T0 + 48 * 3_600_000,
          by: 'Border Police Preševo',
        },
      },
      // Handed over before it is accepted: not possible, ignored.
      { type: 'readmission.handed_over', payload: { caseId: 'RA-1', by: 'BPS Preševo', at: T0 + 60_000 } },
      { type: 'readmission.accepted', payload: { caseId: 'RA-1', by: 'BP Tabanovce', at: T0 + 3_600_000 } },
      // A second answer (here a refusal) changes nothing.
      {
        type: 'readmission.refused',
        payload: { caseId: 'RA-1', by: 'BP Tabanovce', reason: 'late', at: T0 + 3_700_000 },
      },
      {
        type: 'readmission.handed_over',
        payload: {
          caseId: 'RA-1',
          by: 'BPS Preševo',
          persons: [{ nationality: 'AF', persons: 5 }],
          at: T0 + 7_200_000,
        },
      },
      { type: 'readmission.closed', payload: { caseId: 'RA-1', at: T0 + 9_000_000 } },
    ]);
    const states = events.map(
      (_, i) => applyEvents(getEmptyState(), events.slice(0, i + 1)).readmissions['RA-1'],
    );
    expect(states.map((c) => c?.status)).toEqual([
      'requested',
      'requested',
      'accepted',
      'accepted',
      'handed_over',
      'closed',
    ]);
    expect(states[5]).toMatchObject({
      requestingCountry: 'RS',
      requestedCountry: 'MK',
      requestedBy: 'Border Police Preševo',
      acceptedBy: 'BP Tabanovce',
      refusedAt: null,
      refusalReason: null,
      handedOverAt: T0 + 7_200_000,
      personsHandedOver: [{ nationality: 'AF', persons: 5 }],
      closedAt: T0 + 9_000_000,
    });
  });

  it('keeps a refusal with its reason, and no later acceptance undoes it', () => {
    const events = toEvents([
      {
        type: 'readmission.requested',
        payload: {
          caseId: 'RA-2',
          requestingCountry: 'HR',
          requestedCountry: 'BA',
          crossingId: 'BCP-2',
          incidentIds: [],
          persons: [{ nationality: 'MA', persons: 1 }],
          requestedAt: T0,
          deadlineAt: T0 + 3_600_000,
          by: 'PU Vukovarsko-srijemska',
        },
      },
      {
        type: 'readmission.refused',
        payload: {
          caseId: 'RA-2',
          by: 'GP BiH',
          reason: 'Entry from BiH not established.',
          at: T0 + 600_000,
        },
      },
      { type: 'readmission.accepted', payload: { caseId: 'RA-2', by: 'GP BiH', at: T0 + 700_000 } },
    ]);
    expect(applyEvents(getEmptyState(), events).readmissions['RA-2']).toMatchObject({
      status: 'refused',
      refusalReason: 'Entry from BiH not established.',
      acceptedAt: null,
    });
  });

  it('links incidents as one case, adds to it, takes one out, and keeps the case', () => {
    const link = (payload: Record<string, unknown>) => ({ type: 'incident.linked' as const, payload });
    const incidents = applyEvents(getEmptyState(), toEvents(['I1', 'I2', 'I3'].map(reported)));
    const events = toEvents([
      link({
        caseId: 'LC-1',
        title: 'Network Drina',
        incidentIds: ['I1', 'I2', 'I1'],
        by: 'EU SOCTA',
        at: T0,
      }),
      // A second opening does not rename the case; it only adds what is new.
      link({ caseId: 'LC-1', title: 'Other name', incidentIds: ['I2', 'I3'], by: 'BP RS', at: T0 + 60_000 }),
      {
        type: 'incident.unlinked',
        payload: { caseId: 'LC-1', incidentId: 'I1', by: 'BP RS', at: T0 + 120_000 },
      },
      {
        type: 'incident.unlinked',
        payload: { caseId: 'LC-9', incidentId: 'I1', by: 'BP RS', at: T0 + 130_000 },
      },
    ]);
    const states = events.map((_, i) => applyEvents(incidents, events.slice(0, i + 1)).linkedCases);
    expect(states[0]?.['LC-1']).toEqual({
      caseId: 'LC-1',
      title: 'Network Drina',
      incidentIds: ['I1', 'I2'],
      openedAt: T0,
      openedBy: 'EU SOCTA',
      updatedAt: T0,
    });
    expect(states[1]?.['LC-1']).toMatchObject({ title: 'Network Drina', incidentIds: ['I1', 'I2', 'I3'] });
    expect(states[2]?.['LC-1']).toMatchObject({ incidentIds: ['I2', 'I3'], updatedAt: T0 + 120_000 });
    expect(states[3]).toEqual(states[2]);
    expect(Object.keys(states[3] ?? {})).toEqual(['LC-1']);
    // Without a title the case goes by its id.
    const [untitled] = toEvents([link({ caseId: 'LC-2', incidentIds: ['I1'], by: 'x', at: T0 })]);
    expect(applyEvent(incidents, untitled!).linkedCases['LC-2']?.title).toBe('LC-2');
  });

  it('links only incidents the picture holds, and opens no case without one', () => {
    const incidents = applyEvents(getEmptyState(), toEvents([reported('I1')]));
    const [withUnknown, onlyUnknown, inherited] = toEvents([
      { type: 'incident.linked', payload: { caseId: 'LC-1', incidentIds: ['I9', 'I1'], by: 'x', at: T0 } },
      { type: 'incident.linked', payload: { caseId: 'LC-2', incidentIds: ['I9'], by: 'x', at: T0 } },
      // Names of Object's own members are ids like any other: never mistaken for incidents.
      {
        type: 'incident.linked',
        payload: { caseId: 'LC-3', incidentIds: ['toString', 'constructor'], by: 'x', at: T0 },
      },
    ]);
    expect(applyEvent(incidents, withUnknown!).linkedCases['LC-1']?.incidentIds).toEqual(['I1']);
    expect(applyEvent(incidents, onlyUnknown!)).toBe(incidents);
    expect(applyEvent(incidents, inherited!)).toBe(incidents);
  });

  it('holds no more than LINKED_CASE_MAX_INCIDENTS incidents in a case', () => {
    const ids = Array.from({ length: LINKED_CASE_MAX_INCIDENTS + 20 }, (_, i) => `I${i}`);
    const state = applyEvents(
      getEmptyState(),
      toEvents([
        ...ids.map((incidentId) => ({
          type: 'incident.reported' as const,
          payload: {
            incidentId,
            category: 'drugs',
            priority: 3,
            title: 't',
            lon: 19,
            lat: 44,
            reportedAt: T0,
          },
        })),
        ...Array.from({ length: Math.ceil(ids.length / 50) }, (_, i) => ({
          type: 'incident.linked' as const,
          payload: { caseId: 'LC-BIG', incidentIds: ids.slice(i * 50, i * 50 + 50), by: 'x', at: T0 },
        })),
      ]),
    );
    expect(state.linkedCases['LC-BIG']?.incidentIds).toEqual(ids.slice(0, LINKED_CASE_MAX_INCIDENTS));
  });

  it('ignores events about entities it does not know, and unknown event types', () => {
    const state = getEmptyState();
    const [ack] = toEvents([
      { type: 'incident.acknowledged', payload: { incidentId: 'I9', by: 'x', at: T0 } },
    ]);
    expect(applyEvent(state, ack!)).toBe(state);
    const future = parseEvent({
      seq: 9,
      id: 'E9',
      ts: T0,
      type: 'exchange.requested',
      payload: { caseId: 'R1' },
    });
    expect(future.kind).toBe('unknown');
    if (future.kind === 'unknown') expect(applyEvent(state, future.event)).toBe(state);
  });

  it('does not mistake inherited object members for entities', () => {
    const [ack] = toEvents([
      { type: 'incident.acknowledged', payload: { incidentId: 'constructor', by: 'x', at: T0 } },
    ]);
    const state = getEmptyState();
    expect(applyEvent(state, ack!)).toBe(state);
  });
});
