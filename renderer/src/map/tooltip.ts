import { COUNTRY_NAMES } from '../../../shared/domain';
import type { Crossing, Incident, Sector, Unit } from '../../../shared/state';

/**
 * Hover texts. They are plain text on purpose: titles and descriptions come from the feed and are
 * untrusted, and deck.gl's tooltip puts `text` in with innerText (never `html`).
 */

/** "irregular_crossing" → "irregular crossing". */
export function words(code: string): string {
  return code.replace(/_/g, ' ');
}

/** A short age such as "45 s", "12 min" or "3 h 05 min". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function countryPair(countries: readonly [string, string]): string {
  return countries.map((c) => COUNTRY_NAMES[c] ?? c).join(' – ');
}

/** Tooltip of an incident; ages are measured in operation time (`opNow`). */
export function incidentTooltip(incident: Incident, opNow: number): string {
  const lines = [
    `P${incident.priority} ${words(incident.category)} · ${words(incident.status)}`,
    incident.title,
    `Reported ${formatAge(opNow - incident.reportedAt)} ago${incident.acknowledgedAt === null ? ' · not acknowledged' : ''}`,
  ];
  if (incident.assignedUnitIds.length > 0) lines.push(`Units: ${incident.assignedUnitIds.length}`);
  return lines.join('\n');
}

/** Tooltip of a unit; the age of its last report is in operation time (`opNow`). */
export function unitTooltip(unit: Unit, opNow: number): string {
  const lines = [
    `${unit.callsign} · ${words(unit.agency)} (${unit.country})`,
    `${words(unit.kind)} · ${words(unit.status)}`,
  ];
  if (unit.position) lines.push(`Last report ${formatAge(opNow - unit.position.at)} ago`);
  else lines.push('No position reported');
  return lines.join('\n');
}

/** Tooltip of a border sector. */
export function sectorTooltip(sector: Sector): string {
  const lines = [sector.name, countryPair(sector.countries), `Impact: ${sector.impactLevel}`];
  if (sector.impactReason) lines.push(sector.impactReason);
  return lines.join('\n');
}

/** Tooltip of a border crossing point. */
export function crossingTooltip(crossing: Crossing): string {
  return [`${crossing.name} (${crossing.kind} crossing)`, countryPair(crossing.countries)].join('\n');
}
