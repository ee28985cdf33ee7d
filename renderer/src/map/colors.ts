import type { Agency, ImpactLevel, IncidentPriority, UnitKind } from '../../../shared/domain';

/**
 * The colour language of the picture. Panels use the hex strings (CSS); the map converts them
 * once to RGBA arrays (deck.gl). One table, so a sector is the same red in the list and on the map.
 */

/** Border sector impact levels, in the usual traffic-light order. */
export const IMPACT_COLORS: Readonly<Record<ImpactLevel, string>> = {
  low: '#3fa34d',
  medium: '#e0b000',
  high: '#e8590c',
  critical: '#d6336c',
};

/** Unit body colour per agency. */
export const AGENCY_COLORS: Readonly<Record<Agency, string>> = {
  border_police: '#4dabf7',
  customs: '#ffd43b',
  police: '#748ffc',
  joint_patrol: '#63e6be',
  liaison: '#f783ac',
};

/** Incident colour per priority (1 most urgent). */
export const PRIORITY_COLORS: Readonly<Record<IncidentPriority, string>> = {
  1: '#ff3b30',
  2: '#ff9500',
  3: '#ffd60a',
  4: '#8e8e93',
};

/** One letter per unit kind, drawn on the unit's dot (the map has no icon font offline). */
export const UNIT_KIND_GLYPHS: Readonly<Record<UnitKind, string>> = {
  foot: 'F',
  vehicle: 'V',
  boat: 'B',
  helicopter: 'H',
  drone: 'D',
  k9: 'K',
  fixed_post: 'P',
};

/** Units that are off duty or out of service: present but not available. */
export const INACTIVE_UNIT_COLOR = '#868e96';
/** The ring around a unit that has not reported for longer than the lost-contact limit. */
export const LOST_CONTACT_COLOR = '#ff3b30';
/** Lines between incidents linked as one case. */
export const LINK_COLOR = '#c77dff';
/** The ring around whatever is selected. */
export const SELECTION_COLOR = '#ffffff';
/** Border crossing points. */
export const CROSSING_COLOR = '#f1f3f5';
/** Town dots and names: muted so they never compete with units and incidents. */
export const TOWN_COLOR = '#8a9aa8';
/** Map labels of operational things (sectors, crossings, callsigns). */
export const LABEL_COLOR = '#dee2e6';

/** Basemap colours of the operations room: dark, low contrast, so the overlays stand out. */
export const BASEMAP_COLORS = {
  sea: '#0b1620',
  land: '#151f28',
  participatingLand: '#1d2c39',
  countryOutline: '#2f4354',
  border: '#c3cad1',
} as const;

/** Alpha of a unit whose last report is older than the stale limit. */
export const STALE_ALPHA = 80;

/** An RGBA colour as deck.gl takes it. */
export type Rgba = [number, number, number, number];

/** Parses `#rrggbb` into an RGBA array; anything else is a bug in a table above, so it throws. */
export function hexToRgba(hex: string, alpha = 255): Rgba {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16), alpha];
}

/**
 * The orientation features of the basemap (Natural Earth): water a muted blue that reads on the
 * dark land without competing with the sector lines; symbols and names as quiet as the towns.
 */
export const ORIENTATION_COLORS = {
  river: '#347aaf',
  lake: '#16354d',
  lakeOutline: '#347aaf',
  waterName: '#6fa8d6',
  airport: '#c5ced6',
  port: '#8fbcdb',
  peak: '#b39b73',
  physicalName: '#9a8c72',
  place: '#aab6c1',
} as const;

/** A watch zone's outline; in alarm (a coverage breach, a fresh entry or exit) the P1 red. */
export const ZONE_COLOR = '#e9ecef';
export const ZONE_ALARM_COLOR = '#ff3b30';
