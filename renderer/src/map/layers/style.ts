import type { IncidentPriority } from '../../../../shared/domain';
import {
  AGENCY_COLORS,
  BASEMAP_COLORS,
  CROSSING_COLOR,
  hexToRgba,
  IMPACT_COLORS,
  LABEL_COLOR,
  LINK_COLOR,
  LOST_CONTACT_COLOR,
  PRIORITY_COLORS,
  SELECTION_COLOR,
  TOWN_COLOR,
  type Rgba,
} from '../colors';

/** Zoom from which each kind of label shows. */
export const LABEL_ZOOM = {
  sectors: 7,
  crossings: 8,
  majorTowns: 7,
  minorTowns: 9,
  unitGlyphs: 8,
  callsigns: 9,
} as const;

export const INCIDENT_RADIUS: Readonly<Record<IncidentPriority, number>> = { 1: 8, 2: 6.5, 3: 5, 4: 4 };
export const UNIT_RADIUS = 6;

export const FONT = 'system-ui, sans-serif';

/** Colour tables converted once, since accessors run per object per attribute update. */
function rgbaTable<K extends string | number>(
  table: Readonly<Record<K, string>>,
  alpha = 255,
): Record<K, Rgba> {
  const out = {} as Record<K, Rgba>;
  for (const key of Object.keys(table) as K[]) out[key] = hexToRgba(table[key], alpha);
  return out;
}

export const IMPACT_RGBA = rgbaTable(IMPACT_COLORS);
export const CORRIDOR_RGBA = rgbaTable(IMPACT_COLORS, 25);
export const AGENCY_TRAIL_RGBA = rgbaTable(AGENCY_COLORS, 110);
export const PRIORITY_RGBA = rgbaTable(PRIORITY_COLORS);
export const PRIORITY_FADED_RGBA = rgbaTable(PRIORITY_COLORS, 90);
/** A row kept in place but not shown (see StableRows). */
export const INVISIBLE_RGBA: Rgba = [0, 0, 0, 0];
export const SELECTION_RGBA = hexToRgba(SELECTION_COLOR);
export const SELECTION_HALO_RGBA = hexToRgba(SELECTION_COLOR, 90);
export const CROSSING_RGBA = hexToRgba(CROSSING_COLOR);
export const LINK_RGBA = hexToRgba(LINK_COLOR, 235);
export const LINK_FADED_RGBA = hexToRgba(LINK_COLOR, 120);
export const TOWN_RGBA = hexToRgba(TOWN_COLOR, 220);
export const TOWN_DOT_RGBA = hexToRgba(TOWN_COLOR, 160);
export const LABEL_RGBA = hexToRgba(LABEL_COLOR);
export const DARK_RGBA = hexToRgba(BASEMAP_COLORS.sea);
export const LABEL_BACKGROUND_RGBA = hexToRgba(BASEMAP_COLORS.sea, 190);
export const OUTLINE_RGBA = hexToRgba(BASEMAP_COLORS.sea, 220);
export const HOVER_RGBA: Rgba = [255, 255, 255, 90];
/** The uncovered mark: the lost-contact red, a little see-through over the basemap. */
export const UNCOVERED_RGBA = hexToRgba(LOST_CONTACT_COLOR, 210);
