import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { OverlayCollection } from '../../../../shared/overlay';
import { BASEMAP_COLORS, hexToRgba } from '../colors';
import { FONT } from './style';

/**
 * Overlays: partners' files (shared/overlay.ts) drawn in one neutral look, sand on the dark map,
 * thin lines and faint areas, so they read as reference under the live picture and never as a
 * sector (whose line colours are the impact levels) or a unit. Named points carry their name.
 */

/** The one colour of every overlay (the legend shows it). */
export const OVERLAY_COLOR = '#d9c99a';
const LINE = hexToRgba(OVERLAY_COLOR, 230);
const FILL = hexToRgba(OVERLAY_COLOR, 36);
const POINT = hexToRgba(OVERLAY_COLOR, 255);
const OUTLINE = hexToRgba(BASEMAP_COLORS.sea, 255);
const NAME = hexToRgba(OVERLAY_COLOR, 235);

/** Prefix of every overlay layer's id: picking.ts knows an overlay's feature by it. */
export const OVERLAY_LAYER_PREFIX = 'overlay-';

/** Named points show their name from this zoom on. */
export const OVERLAY_LABEL_ZOOM = 8;

/** An overlay to draw: its id and name (for the hover text) and its checked features. */
export interface OverlayLayerData {
  readonly overlayId: string;
  readonly name: string;
  readonly collection: OverlayCollection;
}

interface NamedPoint {
  position: [number, number];
  name: string;
}

const namedPointsCache = new WeakMap<OverlayCollection, NamedPoint[]>();

/** The named points of an overlay (points and multipoints), computed once per collection. */
function namedPoints(collection: OverlayCollection): NamedPoint[] {
  let points = namedPointsCache.get(collection);
  if (points) return points;
  points = [];
  for (const f of collection.features) {
    const name = f.properties.name;
    if (!name) continue;
    if (f.geometry.type === 'Point') points.push({ position: f.geometry.coordinates, name });
    else if (f.geometry.type === 'MultiPoint')
      for (const p of f.geometry.coordinates) points.push({ position: p, name });
  }
  namedPointsCache.set(collection, points);
  return points;
}

/** The layers of the visible overlays, oldest at the bottom. */
export function overlayLayers(overlays: readonly OverlayLayerData[], zoom: number): Layer[] {
  const out: Layer[] = [];
  for (const overlay of overlays) {
    out.push(
      new GeoJsonLayer({
        id: `${OVERLAY_LAYER_PREFIX}${overlay.overlayId}`,
        data: overlay.collection as never,
        pickable: true,
        stroked: true,
        filled: true,
        pointType: 'circle',
        getFillColor: (f: { geometry: { type: string } }) =>
          f.geometry.type.endsWith('Point') ? POINT : FILL,
        getLineColor: (f: { geometry: { type: string } }) =>
          f.geometry.type.endsWith('Point') ? OUTLINE : LINE,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        getPointRadius: 5,
        pointRadiusUnits: 'pixels',
        pointRadiusMinPixels: 4,
      }),
    );
    const points = namedPoints(overlay.collection);
    if (zoom >= OVERLAY_LABEL_ZOOM && points.length > 0)
      out.push(
        new TextLayer<NamedPoint>({
          id: `${OVERLAY_LAYER_PREFIX}names-${overlay.overlayId}`,
          data: points,
          getPosition: (p) => p.position,
          getText: (p) => p.name,
          getColor: NAME,
          getSize: 11,
          sizeUnits: 'pixels',
          getTextAnchor: 'start',
          getAlignmentBaseline: 'center',
          getPixelOffset: [8, 0],
          fontFamily: FONT,
          characterSet: 'auto',
          outlineWidth: 2,
          outlineColor: OUTLINE,
          fontSettings: { sdf: true },
        }),
      );
  }
  return out;
}
