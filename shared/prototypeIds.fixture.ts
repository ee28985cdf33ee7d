/**
 * Test data shared by the unit, integration and e2e tests of ids that name members of
 * `Object.prototype`: a feed may use any id its schema allows, and `constructor` or `toString` is
 * a perfectly good id. Kept in `shared/` so the reducer, the core and the page are fed the very
 * same events. Not used by the product.
 */

/** Every name `Object.prototype` answers to, plus the two that break records in other ways. */
export const PROTOTYPE_NAMES: readonly string[] = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']),
];

/** The names the protocol's id rule lets through (an id starts with a letter or a digit). */
export const WIRE_PROTOTYPE_NAMES: readonly string[] = PROTOTYPE_NAMES.filter((n) => /^[A-Za-z0-9]/.test(n));

/** One event as a server drafts it, before the log gives it a seq. */
export interface PrototypeIdDraft {
  readonly ts: number;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/**
 * For each id: a sector, a crossing in it, a unit with a position and a status, an incident in the
 * sector with a note and an acknowledgement, a readmission case, a linked case over the incident
 * a bookmark, an annotation and a watch zone, all keyed by that id, so every keyed collection of the picture gets it.
 */
export function prototypeIdDrafts(ids: readonly string[], at: number): PrototypeIdDraft[] {
  const out: PrototypeIdDraft[] = [];
  const push = (type: string, payload: Record<string, unknown>): void => {
    out.push({ ts: at, type, payload });
  };
  ids.forEach((id, i) => {
    const lon = 19.1 + i * 0.01;
    const lat = 44.4;
    push('sector.upserted', {
      sectorId: id,
      name: `Sector ${id}`,
      countries: ['BA', 'RS'],
      line: [
        [lon, lat],
        [lon + 0.005, lat - 0.01],
      ],
      corridor: [
        [
          [lon - 0.01, lat - 0.02],
          [lon + 0.01, lat - 0.02],
          [lon + 0.01, lat + 0.02],
          [lon - 0.01, lat - 0.02],
        ],
      ],
      impactLevel: 'low',
      responsibleAgency: 'Border police',
    });
    push('sector.impact_changed', { sectorId: id, impactLevel: 'high', at });
    push('crossing.upserted', {
      crossingId: id,
      name: `Crossing ${id}`,
      countries: ['BA', 'RS'],
      lon,
      lat,
      sectorId: id,
      kind: 'road',
    });
    push('unit.upserted', {
      unitId: id,
      callsign: `Unit ${id}`,
      agency: 'border_police',
      organisation: 'Border police',
      country: 'RS',
      kind: 'vehicle',
      sectorId: id,
      status: 'patrolling',
    });
    push('unit.position', { unitId: id, lon, lat, heading: 90, speed: 5, accuracy: 10, at });
    push('unit.position', {
      unitId: id,
      lon: lon + 0.001,
      lat,
      heading: 90,
      speed: 5,
      accuracy: 10,
      at: at + 1,
    });
    push('incident.reported', {
      incidentId: id,
      category: 'irregular_crossing',
      priority: 2,
      title: `Incident ${id}`,
      lon,
      lat,
      sectorId: id,
      reportedAt: at,
    });
    push('incident.note_added', { incidentId: id, noteId: id, author: 'Desk 1', text: `Note ${id}`, at });
    push('incident.assigned', { incidentId: id, unitIds: [id], by: 'Desk 1', at });
    push('unit.status_changed', { unitId: id, status: 'responding', incidentId: id, at });
    push('readmission.requested', {
      caseId: id,
      requestingCountry: 'HR',
      requestedCountry: 'RS',
      crossingId: id,
      incidentIds: [id],
      persons: [{ nationality: 'AF', persons: 2 }],
      requestedAt: at,
      deadlineAt: at + 48 * 3_600_000,
      by: 'Desk 1',
    });
    push('readmission.accepted', { caseId: id, by: 'Desk 2', at });
    push('incident.linked', { caseId: id, title: `Case ${id}`, incidentIds: [id], by: 'Desk 1', at });
    push('bookmark.added', { bookmarkId: id, label: `Mark ${id}`, author: 'Desk 1', at });
    push('annotation.created', {
      annotationId: id,
      kind: 'text',
      coordinates: [[19.1, 44.4]],
      text: `Note ${id}`,
      color: 'sky',
      author: 'Desk 1',
      at,
    });
    push('zone.created', {
      zoneId: id,
      name: `Zone ${id}`,
      area: { kind: 'sector', sectorId: id },
      onEntry: true,
      onExit: true,
      watchUnits: true,
      unitKinds: [],
      watchIncidents: true,
      incidentCategories: [],
      incidentPriorities: [],
      coverage: [{ rule: 'no_unit', minutes: 20 }],
      author: 'Desk 1',
      at,
    });
  });
  return out;
}

/**
 * Entities that refer to `id` where no entity has it: an incident in sector `id` reported by unit
 * `id` with results, a unit in sector `id` at crossing `id`. A lookup that finds an inherited
 * member instead of nothing (`sectors.valueOf` is a function) breaks on these.
 */
export function danglingReferenceDrafts(id: string, at: number): PrototypeIdDraft[] {
  return [
    {
      ts: at,
      type: 'unit.upserted',
      payload: {
        unitId: 'U-DANGLING',
        callsign: 'Dangling',
        agency: 'police',
        organisation: 'Police',
        country: 'RS',
        kind: 'foot',
        sectorId: id,
        crossingId: id,
        status: 'available',
      },
    },
    {
      ts: at,
      type: 'unit.position',
      payload: { unitId: 'U-DANGLING', lon: 19.5, lat: 44.5, heading: 0, speed: 0, accuracy: 5, at },
    },
    {
      ts: at,
      type: 'incident.reported',
      payload: {
        incidentId: 'INC-DANGLING',
        category: 'drugs',
        priority: 3,
        title: 'Incident dangling',
        lon: 19.5,
        lat: 44.5,
        sectorId: id,
        reportedBy: id,
        counts: { persons: 2, migrants: 2 },
        reportedAt: at,
      },
    },
  ];
}
