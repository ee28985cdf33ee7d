import type { Layer } from '@deck.gl/core';
import { PathLayer, TextLayer } from '@deck.gl/layers';
import type { Sector, Zone } from '../../../../shared/state';
import type { LngLat } from '../../../../shared/units';
import { zoneRings, zoneStatus } from '../../../../shared/zone';
import { BASEMAP_COLORS, hexToRgba, ZONE_ALARM_COLOR, ZONE_COLOR, type Rgba } from '../colors';
import { FONT } from './style';

/**
 * Watch zones (shared/zone.ts): each live zone's outline (a sector zone follows the sector's
 * corridor) and its name, in alarm red while a coverage rule is in breach or an entry or exit is
 * fresh. On the base canvas over the annotations, under the incidents and units.
 */

/** Prefix of every zone layer's id. */
export const ZONE_LAYER_PREFIX = 'zones-';

/** One live zone as the map draws it. */
export interface ZoneShape {
  readonly zoneId: string;
  readonly name: string;
  /** Closed paths: each ring with its first point repeated. */
  readonly paths: readonly (readonly LngLat[])[];
  readonly alarm: boolean;
}

/** The live zones at a time (operation time, or the replayed moment), oldest first. */
export function zoneShapes(
  zones: Readonly<Record<string, Zone>>,
  sectors: Readonly<Record<string, Sector>>,
  at: number,
): ZoneShape[] {
  return Object.values(zones)
    .filter((z) => z.deletedAt === null && z.createdAt <= at)
    .sort((a, b) => a.createdAt - b.createdAt || (a.zoneId < b.zoneId ? -1 : 1))
    .flatMap((z) => {
      const rings = zoneRings(z.area, sectors);
      if (!rings) return [];
      const paths = rings.map((r) => (r.length > 0 ? [...r, r[0]!] : [...r]));
      return [{ zoneId: z.zoneId, name: z.name, paths, alarm: zoneStatus(z, at).alarm }];
    });
}

const OUTLINE: Rgba = hexToRgba(BASEMAP_COLORS.sea, 255);

export function zoneRgba(alarm: boolean): Rgba {
  return hexToRgba(alarm ? ZONE_ALARM_COLOR : ZONE_COLOR, 255);
}

interface Ring {
  path: readonly LngLat[];
  alarm: boolean;
}

/** The outlines of the zones, and their names at the first vertex. */
export function zoneLayers(zones: readonly ZoneShape[]): Layer[] {
  if (zones.length === 0) return [];
  const rings: Ring[] = zones.flatMap((z) => z.paths.map((path) => ({ path, alarm: z.alarm })));
  const labels = zones.flatMap((z) => {
    const first = z.paths[0]?.[0];
    return first ? [{ position: first, name: z.name, alarm: z.alarm }] : [];
  });
  return [
    new PathLayer<Ring>({
      id: `${ZONE_LAYER_PREFIX}outlines`,
      data: rings,
      getPath: (r) => r.path as unknown as [number, number][],
      getColor: (r) => zoneRgba(r.alarm),
      getWidth: (r) => (r.alarm ? 4 : 2),
      widthUnits: 'pixels',
      jointRounded: true,
    }),
    new TextLayer<{ position: LngLat; name: string; alarm: boolean }>({
      id: `${ZONE_LAYER_PREFIX}names`,
      data: labels,
      getPosition: (l) => l.position,
      getText: (l) => l.name,
      getColor: (l) => zoneRgba(l.alarm),
      getSize: 12,
      sizeUnits: 'pixels',
      getTextAnchor: 'start',
      getAlignmentBaseline: 'bottom',
      getPixelOffset: [4, -4],
      fontFamily: FONT,
      fontWeight: 600,
      characterSet: 'auto',
      outlineWidth: 2,
      outlineColor: OUTLINE,
      fontSettings: { sdf: true },
    }),
  ];
}
