import { RESULT_COUNTS, type ResultCount } from '../../../shared/domain';
import { getOwn } from '../../../shared/getOwn';
import type { Incident, LinkedCase, OperationState, ReadmissionCase } from '../../../shared/state';
import { isoTime, modeLabel } from './labels';
import type { ExportMeta } from './types';

/**
 * One incident as a flat record, shared by the CSV and the GeoJSON export so that both carry the
 * same fields under the same names. Text is left as it came; each format escapes it its own way.
 */

/** A cell: text, a number, or null when there is nothing (an open lifecycle step, no sector). */
export type Cell = string | number | null;

/** The record's fields in column order. */
export const INCIDENT_COLUMNS = [
  'operationId',
  'mode',
  'incidentId',
  'category',
  'priority',
  'title',
  'description',
  'status',
  'reportedAt',
  'acknowledgedAt',
  'acknowledgedBy',
  'assignedAt',
  'resolvedAt',
  'closedAt',
  'lon',
  'lat',
  'sectorId',
  'sectorName',
  'sectorCountries',
  'reportedBy',
  'assignedCallsigns',
  ...RESULT_COUNTS,
  'partnerReferences',
  'linkedCaseIds',
  'linkedCases',
  'linkedIncidentIds',
  'readmissionCases',
  'readmissionFrom',
  'readmissionTo',
  'readmissionCrossingId',
  'readmissionCrossing',
  'readmissionPersons',
  'outcome',
  'noteCount',
  'notes',
] as const;

/** See {@link INCIDENT_COLUMNS}. */
export type IncidentColumn = (typeof INCIDENT_COLUMNS)[number];

/** An incident as a flat record. */
export type IncidentRecord = Record<IncidentColumn, Cell>;

/** How lists are joined inside one cell. */
export const LIST_SEPARATOR = '; ';

/** Incidents in the order of the review: by report time, then id so that the order is total. */
export function incidentsInReportOrder(state: OperationState): Incident[] {
  return Object.values(state.incidents).sort(
    (a, b) =>
      a.reportedAt - b.reportedAt || (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0),
  );
}

/**
 * One note per line as "time author: text". The time first, so the joined cell never starts with
 * the note's own (untrusted) text.
 */
export function notesText(incident: Incident): string {
  return incident.notes.map((n) => `${isoTime(n.at)} ${n.author}: ${n.text}`).join('\n');
}

interface CaseIndex {
  linked: Map<string, LinkedCase[]>;
  readmission: Map<string, ReadmissionCase[]>;
}

/** The cases each incident is in, built once per picture (an export asks for every incident). */
const caseIndexes = new WeakMap<OperationState, CaseIndex>();
function caseIndex(state: OperationState): CaseIndex {
  let index = caseIndexes.get(state);
  if (index) return index;
  index = { linked: new Map(), readmission: new Map() };
  const add = <T>(map: Map<string, T[]>, id: string, item: T): void => {
    const list = map.get(id);
    if (list) list.push(item);
    else map.set(id, [item]);
  };
  const byId = (a: { caseId: string }, b: { caseId: string }) =>
    a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
  for (const c of Object.values(state.linkedCases).sort(byId))
    for (const id of c.incidentIds) add(index.linked, id, c);
  for (const c of Object.values(state.readmissions).sort(byId)) {
    for (const id of new Set(c.incidentIds)) add(index.readmission, id, c);
  }
  caseIndexes.set(state, index);
  return index;
}

/** The flat record of one incident; units and sectors that the state does not hold fall back to their ids. */
export function incidentRecord(state: OperationState, incident: Incident, meta: ExportMeta): IncidentRecord {
  const sector = incident.sectorId === undefined ? undefined : getOwn(state.sectors, incident.sectorId);
  const readmission = incident.readmission;
  const crossing = readmission === undefined ? undefined : getOwn(state.crossings, readmission.crossingId);
  const linked = caseIndex(state).linked.get(incident.incidentId) ?? [];
  const readmissionCases = caseIndex(state).readmission.get(incident.incidentId) ?? [];
  const linkedIncidentIds = [
    ...new Set(linked.flatMap((c) => c.incidentIds).filter((id) => id !== incident.incidentId)),
  ];
  const counts = Object.fromEntries(RESULT_COUNTS.map((k) => [k, incident.counts[k] ?? null])) as Record<
    ResultCount,
    number | null
  >;
  return {
    operationId: meta.operationId,
    mode: modeLabel(meta.mode),
    incidentId: incident.incidentId,
    category: incident.category,
    priority: incident.priority,
    title: incident.title,
    description: incident.description ?? null,
    status: incident.status,
    reportedAt: isoTime(incident.reportedAt),
    acknowledgedAt: isoTime(incident.acknowledgedAt),
    acknowledgedBy: incident.acknowledgedBy,
    assignedAt: isoTime(incident.assignedAt),
    resolvedAt: isoTime(incident.resolvedAt),
    closedAt: isoTime(incident.closedAt),
    lon: incident.lon,
    lat: incident.lat,
    sectorId: incident.sectorId ?? null,
    sectorName: sector?.name ?? null,
    sectorCountries: sector ? sector.countries.join(LIST_SEPARATOR) : null,
    reportedBy: incident.reportedBy ?? null,
    assignedCallsigns:
      incident.assignedUnitIds.map((id) => getOwn(state.units, id)?.callsign ?? id).join(LIST_SEPARATOR) ||
      null,
    ...counts,
    partnerReferences:
      incident.partnerReferences.map((r) => `${r.kind}:${r.reference}`).join(LIST_SEPARATOR) || null,
    linkedCaseIds: linked.map((c) => c.caseId).join(LIST_SEPARATOR) || null,
    linkedCases: linked.map((c) => c.title).join(LIST_SEPARATOR) || null,
    linkedIncidentIds: linkedIncidentIds.join(LIST_SEPARATOR) || null,
    readmissionCases: readmissionCases.map((c) => `${c.caseId}:${c.status}`).join(LIST_SEPARATOR) || null,
    readmissionFrom: readmission?.fromCountry ?? null,
    readmissionTo: readmission?.toCountry ?? null,
    readmissionCrossingId: readmission?.crossingId ?? null,
    readmissionCrossing: readmission ? (crossing?.name ?? null) : null,
    readmissionPersons: readmission?.persons ?? null,
    outcome: incident.outcome,
    noteCount: incident.notes.length,
    notes: incident.notes.length > 0 ? notesText(incident) : null,
  };
}
