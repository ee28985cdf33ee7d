import { COUNTRY_NAMES } from '../../../shared/domain';
import type { LogEntry } from '../../../shared/replay';
import type { OperationState } from '../../../shared/state';
import { humanize } from '../panels/format';

/**
 * The replay's event log in words: one line per event, naming units by callsign and incidents by
 * title from the replayed picture. Payloads came off the wire, so every field is checked before it
 * is used and a missing one reads as its id or nothing; the text is rendered as a text node only.
 */

/** The parts of the picture the log's lines name things from. */
export type LogNames = Pick<OperationState, 'units' | 'incidents' | 'sectors' | 'crossings'>;

function str(payload: Record<string, unknown>, key: string): string | undefined {
  const v = payload[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(payload: Record<string, unknown>, key: string): number | undefined {
  const v = payload[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function own<T>(record: Readonly<Record<string, T>>, id: string | undefined): T | undefined {
  return id !== undefined && Object.hasOwn(record, id) ? record[id] : undefined;
}

function callsign(names: LogNames, unitId: string | undefined): string {
  return own(names.units, unitId)?.callsign ?? unitId ?? 'a unit';
}

function incidentTitle(names: LogNames, payload: Record<string, unknown>): string {
  const id = str(payload, 'incidentId');
  return str(payload, 'title') ?? own(names.incidents, id)?.title ?? id ?? 'an incident';
}

function sectorName(names: LogNames, sectorId: string | undefined): string {
  return own(names.sectors, sectorId)?.name ?? sectorId ?? 'a sector';
}

function countryName(code: string | undefined): string {
  return code === undefined ? '' : (COUNTRY_NAMES[code] ?? code);
}

/** One event as a line of the log: "Incident reported: Group of 12 near Horgoš (P2, migrant smuggling)". */
export function describeLogEntry(entry: LogEntry, names: LogNames): string {
  const p = entry.payload;
  switch (entry.type) {
    case 'operation.started':
      return `Operation started: ${str(p, 'name') ?? str(p, 'operationId') ?? ''}`.trim();
    case 'operation.updated':
      return `Operation updated${str(p, 'name') ? `: ${str(p, 'name')}` : ''}`;
    case 'operation.ended':
      return 'Operation ended';
    case 'sector.upserted':
      return `Sector ${str(p, 'name') ?? str(p, 'sectorId') ?? ''} set up, impact ${str(p, 'impactLevel') ?? '?'}`;
    case 'sector.impact_changed': {
      const reason = str(p, 'reason');
      return `${sectorName(names, str(p, 'sectorId'))}: impact ${str(p, 'impactLevel') ?? '?'}${reason ? ` (${reason})` : ''}`;
    }
    case 'crossing.upserted':
      return `Crossing point ${str(p, 'name') ?? str(p, 'crossingId') ?? ''} set up`;
    case 'unit.upserted': {
      const agency = str(p, 'agency');
      const details = [agency ? humanize(agency) : undefined, countryName(str(p, 'country')) || undefined]
        .filter(Boolean)
        .join(', ');
      const status = str(p, 'status');
      return `Unit ${str(p, 'callsign') ?? str(p, 'unitId') ?? ''}${details ? ` (${details})` : ''}${status ? `: ${humanize(status)}` : ''}`;
    }
    case 'unit.status_changed': {
      const status = str(p, 'status');
      const incident = str(p, 'incidentId');
      const at = incident ? ` — ${incidentTitle(names, { incidentId: incident })}` : '';
      return `${callsign(names, str(p, 'unitId'))} ${status ? humanize(status) : 'changed status'}${at}`;
    }
    case 'unit.position':
      return `${callsign(names, str(p, 'unitId'))} reported its position`;
    case 'incident.reported': {
      const priority = num(p, 'priority');
      const category = str(p, 'category');
      const details = [
        priority !== undefined ? `P${priority}` : undefined,
        category ? humanize(category) : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      return `Incident reported: ${incidentTitle(names, p)}${details ? ` (${details})` : ''}`;
    }
    case 'incident.updated':
      return `Incident updated: ${incidentTitle(names, p)}`;
    case 'incident.acknowledged':
      return `Acknowledged${str(p, 'by') ? ` by ${str(p, 'by')}` : ''}: ${incidentTitle(names, { incidentId: str(p, 'incidentId') })}`;
    case 'incident.assigned': {
      const unitIds = Array.isArray(p.unitIds)
        ? p.unitIds.filter((u): u is string => typeof u === 'string')
        : [];
      const units = unitIds.map((u) => callsign(names, u)).join(', ');
      return `Assigned ${units || 'units'} to ${incidentTitle(names, { incidentId: str(p, 'incidentId') })}`;
    }
    case 'incident.resolved': {
      const outcome = str(p, 'outcome');
      return `Resolved: ${incidentTitle(names, { incidentId: str(p, 'incidentId') })}${outcome ? ` — ${outcome}` : ''}`;
    }
    case 'incident.closed':
      return `Closed: ${incidentTitle(names, { incidentId: str(p, 'incidentId') })}`;
    case 'incident.note_added':
      return `Note by ${str(p, 'author') ?? 'someone'} on ${incidentTitle(names, { incidentId: str(p, 'incidentId') })}: ${str(p, 'text') ?? ''}`;
    case 'bookmark.added':
      return `Bookmark: ${str(p, 'label') ?? ''}${str(p, 'author') ? ` (${str(p, 'author')})` : ''}`;
    default:
      return humanize(entry.type.replaceAll('.', ' '));
  }
}

/** How big a written file is: "812 B", "14.2 kB", "3.1 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A log line's time: local "14:05:09", with the local date in front when not the cursor's day. */
export function formatLogTime(ms: number, reference: number): string {
  const d = new Date(ms);
  const r = new Date(reference);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === r.getFullYear() && d.getMonth() === r.getMonth() && d.getDate() === r.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
