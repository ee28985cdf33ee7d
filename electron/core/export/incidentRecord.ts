import { RESULT_COUNTS, type ResultCount } from '../../../shared/domain';
import { getOwn } from '../../../shared/getOwn';
import type { Incident, OperationState } from '../../../shared/state';
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

/** The flat record of one incident; units and sectors that the state does not hold fall back to their ids. */
export function incidentRecord(state: OperationState, incident: Incident, meta: ExportMeta): IncidentRecord {
  const sector = incident.sectorId === undefined ? undefined : getOwn(state.sectors, incident.sectorId);
  const readmission = incident.readmission;
  const crossing = readmission === undefined ? undefined : getOwn(state.crossings, readmission.crossingId);
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
