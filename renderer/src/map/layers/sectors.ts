import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, TextLayer } from '@deck.gl/layers';
import type { Point } from '../geometry';
import { degreesPerPixel, type SectorRow } from '../mapData';
import {
  CORRIDOR_RGBA,
  FONT,
  HOVER_RGBA,
  IMPACT_RGBA,
  LABEL_BACKGROUND_RGBA,
  LABEL_RGBA,
  UNCOVERED_RGBA,
} from './style';

/** The sectors' corridors: a faint band in the impact colour, under everything else of the sector. */
export function sectorCorridorLayer(sectors: readonly SectorRow[]): Layer {
  return new PolygonLayer<SectorRow>({
    id: 'sector-corridors',
    data: sectors,
    getPolygon: (s) => s.corridor,
    getFillColor: (s) => CORRIDOR_RGBA[s.sector.impactLevel],
    stroked: false,
  });
}

/** The sectors' lines in their impact colour; picked to select a sector. */
export function sectorLineLayer(sectors: readonly SectorRow[]): Layer {
  return new PathLayer<SectorRow>({
    id: 'sectors',
    data: sectors,
    getPath: (s) => s.path,
    getColor: (s) => IMPACT_RGBA[s.sector.impactLevel],
    getWidth: 3,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
    pickable: true,
    autoHighlight: true,
    highlightColor: HOVER_RGBA,
  });
}

/** The sectors' names, on a dark label at each sector's label point. */
export function sectorNameLayer(sectors: readonly SectorRow[]): Layer {
  return new TextLayer<SectorRow>({
    id: 'sector-names',
    data: sectors,
    getPosition: (s) => s.labelAt ?? [0, 0],
    // A sector without a line has no place for a name.
    getText: (s) => (s.labelAt ? s.sector.name : ''),
    getColor: LABEL_RGBA,
    getSize: 12,
    sizeUnits: 'pixels',
    fontFamily: FONT,
    fontWeight: 600,
    characterSet: 'auto',
    background: true,
    getBackgroundColor: LABEL_BACKGROUND_RGBA,
    backgroundPadding: [4, 2],
  });
}

/** The uncovered mark's dashes and gaps, in screen pixels. */
export const UNCOVERED_DASH_PX = 8;
export const UNCOVERED_GAP_PX = 6;

/**
 * Cuts paths into dashes of `dashPx` with gaps of `gapPx` at a zoom (Web Mercator: near the path a
 * pixel spans the same ground east-west and north-south once longitude is scaled by cos latitude).
 * The dash pattern runs on across vertices, so a bent line stays evenly dashed. deck.gl draws no
 * dashes without an extension the project does not carry; a sector line has tens of vertices, so
 * cutting it again per half zoom step costs nothing.
 */
export function dashedPaths(
  paths: readonly (readonly Point[])[],
  zoom: number,
  dashPx = UNCOVERED_DASH_PX,
  gapPx = UNCOVERED_GAP_PX,
): Point[][] {
  const out: Point[][] = [];
  for (const path of paths) {
    const first = path[0];
    if (!first || path.length < 2) continue;
    const k = Math.cos((first[1] * Math.PI) / 180);
    const unit = degreesPerPixel(zoom) * k;
    const dash = dashPx * unit;
    const gap = gapPx * unit;
    let drawing = true;
    let left = dash;
    let current: Point[] = [first];
    for (let i = 1; i < path.length; i++) {
      let [ax, ay] = path[i - 1] ?? first;
      const [bx, by] = path[i] ?? first;
      let length = Math.hypot((bx - ax) * k, by - ay);
      while (length > left) {
        const f = left / length;
        ax += (bx - ax) * f;
        ay += (by - ay) * f;
        length -= left;
        if (drawing) {
          current.push([ax, ay]);
          out.push(current);
        } else current = [[ax, ay]];
        drawing = !drawing;
        left = drawing ? dash : gap;
      }
      left -= length;
      if (drawing) current.push([bx, by]);
    }
    if (drawing && current.length > 1) out.push(current);
  }
  return out;
}

/** The dashes of the uncovered sectors, kept while the sectors and the zoom stay (deck.gl then keeps its buffers). */
const uncoveredDashes = new WeakMap<readonly SectorRow[], { zoom: number; dashes: Point[][] }>();
function uncoveredDashesAt(rows: readonly SectorRow[], zoom: number): Point[][] {
  const cached = uncoveredDashes.get(rows);
  if (cached?.zoom === zoom) return cached.dashes;
  const dashes = dashedPaths(
    rows.map((r) => r.path),
    zoom,
  );
  uncoveredDashes.set(rows, { zoom, dashes });
  return dashes;
}

/** A dashed band under the sector line, so the line keeps its impact colour: nobody covers it. */
export function uncoveredSectorLayer(uncovered: readonly SectorRow[], zoom: number): Layer {
  return new PathLayer<Point[]>({
    id: 'sectors-uncovered',
    data: uncoveredDashesAt(uncovered, zoom),
    getPath: (p) => p,
    getColor: UNCOVERED_RGBA,
    getWidth: 9,
    widthUnits: 'pixels',
    capRounded: false,
    jointRounded: true,
  });
}
