import type { OutboxEntry } from '../../../shared/coreTypes';
import type { Incident, Sector, Unit } from '../../../shared/state';
import { epochMs, lngLat, meters } from '../../../shared/units';

/** Builders for the panels' unit tests: complete, valid entities with only the interesting fields given. */

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

export function makeUnit(
  unitId: string,
  patch: Partial<Omit<Unit, 'unitId'>> & { at?: number | null } = {},
): Unit {
  const { at, ...rest } = patch;
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
    position:
      at === null
        ? null
        : { lon: 19, lat: 45, heading: 0, speed: 0, accuracy: meters(10), at: epochMs(at ?? 1_000_000) },
    ...rest,
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
    reportedAt: epochMs(1_000_000),
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
    updatedAt: epochMs(1_000_000),
    notes: [],
    ...patch,
  };
}

export function makeOutbox(
  commandId: string,
  type: string,
  payload: Record<string, unknown>,
  patch: Partial<OutboxEntry> = {},
): OutboxEntry {
  return {
    commandId,
    type,
    payload,
    issuedBy: 'officer',
    createdAt: 1,
    status: 'pending',
    attempts: 0,
    lastError: null,
    resultSeqs: null,
    ...patch,
  };
}

/** A record keyed by id, as the state holds entities. */
export function byId<T>(list: readonly T[], id: (t: T) => string): Record<string, T> {
  return Object.fromEntries(list.map((t) => [id(t), t]));
}
