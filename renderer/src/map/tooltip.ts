import { isUnacknowledged } from '../../../shared/domainRules';
import type { Crossing, Incident, Sector, Unit } from '../../../shared/state';
import { countryName, label, t } from '../i18n/i18n';
import type { LinkRow } from './mapData';
import { formatCount } from '../panels/format';

/**
 * Hover texts, in the officer's language (built outside React, so translated when the tooltip is
 * asked for). They are plain text on purpose: titles and descriptions come from the feed and are
 * untrusted, and deck.gl's tooltip puts `text` in with innerText (never `html`).
 */

/**
 * A short age such as "45 s", "12 min" or "3 h 05 min". Unlike the panels' `formatAge`, hours are
 * never turned into days: a hover text reads "26 h 05 min", and a negative or unknown age "0 s".
 */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return t('common:age.seconds', { s: 0 });
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return t('common:age.seconds', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('common:age.minutes', { min: minutes });
  const hours = Math.floor(minutes / 60);
  return t('common:age.hoursMinutes', { h: hours, min: String(minutes % 60).padStart(2, '0') });
}

function countryPair(countries: readonly [string, string]): string {
  return countries.map(countryName).join(' – ');
}

/** Tooltip of an incident; ages are measured in operation time (`opNow`). */
export function incidentTooltip(incident: Incident, opNow: number): string {
  const age = formatAge(opNow - incident.reportedAt);
  const lines = [
    t('map:incident.heading', {
      priority: t('common:priorityShort', { priority: incident.priority }),
      category: label('incidentCategory', incident.category),
      status: label('incidentStatus', incident.status),
    }),
    incident.title,
    isUnacknowledged(incident)
      ? t('map:incident.reportedUnacknowledged', { age })
      : t('map:incident.reported', { age }),
  ];
  if (incident.assignedUnitIds.length > 0)
    lines.push(t('map:incident.units', { units: formatCount(incident.assignedUnitIds.length) }));
  return lines.join('\n');
}

/** Tooltip of a unit; the age of its last report is in operation time (`opNow`). */
export function unitTooltip(unit: Unit, opNow: number): string {
  const lines = [
    t('map:unit.heading', {
      callsign: unit.callsign,
      agency: label('agency', unit.agency),
      country: unit.country,
    }),
    t('map:unit.kindStatus', {
      kind: label('unitKind', unit.kind),
      status: label('unitStatus', unit.status),
    }),
  ];
  if (unit.position) lines.push(t('map:unit.lastReport', { age: formatAge(opNow - unit.position.at) }));
  else lines.push(t('map:unit.noPosition'));
  return lines.join('\n');
}

/** Tooltip of a border sector. */
export function sectorTooltip(sector: Sector): string {
  const lines = [
    sector.name,
    countryPair(sector.countries),
    t('map:sector.impact', { level: label('impactLevel', sector.impactLevel) }),
  ];
  if (sector.impactReason) lines.push(sector.impactReason);
  return lines.join('\n');
}

/** Tooltip of a border crossing point. */
export function crossingTooltip(crossing: Crossing): string {
  return [
    t('map:crossing.heading', { name: crossing.name, kind: label('crossingKind', crossing.kind) }),
    countryPair(crossing.countries),
  ].join('\n');
}

/** Tooltip of the line of a linked case: its name (data, as it came) and how many incidents it joins. */
export function linkTooltip(link: Pick<LinkRow, 'title' | 'count'>): string {
  return [link.title, t('map:link.incidents', { count: link.count })].join('\n');
}
