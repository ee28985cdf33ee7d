import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { IncidentPriority } from '../../../shared/domain';
import { isIncidentOnMap } from '../../../shared/domainRules';
import type { Crossing, Incident } from '../../../shared/state';
import type { LayerId, Selection } from '../store/types';
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
} from './colors';
import { buildBasemapLayers, type BasemapData } from './basemapLayers';
import type { Point } from './geometry';
import {
  degreesPerPixel,
  type SectorRow,
  type Town,
  type LinkRow,
  type TrailRow,
  type CountryLabel,
  type RingRow,
} from './mapData';
import type { RowRange } from './stableRows';

/**
 * The deck.gl layers of the map, rebuilt on every render of the map component. Rebuilding layer
 * objects is cheap: deck.gl compares props and recomputes attributes only when `data` changes
 * identity or an `updateTriggers` value changes, so the data arrays come memoised from the
 * component and time-dependent looks go through updateTriggers or uniforms.
 */

/** Layer ids that can be picked, and what they select. */
export const PICKABLE_LAYERS = {
  sectors: 'sector',
  crossings: 'crossing',
  units: 'unit',
  incidents: 'incident',
} as const satisfies Record<string, Selection['kind']>;

/** Zoom from which each kind of label shows. */
export const LABEL_ZOOM = {
  sectors: 7,
  crossings: 8,
  majorTowns: 7,
  minorTowns: 9,
  unitGlyphs: 8,
  callsigns: 9,
} as const;

/** Pulse animation of unacknowledged incidents: steps per cycle, stepped ~4 times a second. */
export const PULSE_STEPS = 6;
export const PULSE_STEP_MS = 250;

/** What the layers are built from. Arrays must keep their identity while unchanged. */
export interface MapLayerInput {
  readonly layers: Readonly<Record<LayerId, boolean>>;
  /** Map zoom, rounded down to half steps so it changes rarely. */
  readonly zoom: number;
  readonly sectors: readonly SectorRow[];
  /** Sectors no unit covers (on duty and in contact), outlined dashed; the same the sector board counts. */
  readonly uncoveredSectors?: readonly SectorRow[];
  readonly crossings: readonly Crossing[];
  readonly towns: { readonly major: readonly Town[]; readonly minor: readonly Town[] };
  /** Orientation names and symbols (rivers, places, airports, ports, relief); the `basemap` toggle. */
  readonly basemap?: BasemapData;
  /** Country names, part of the basemap (always shown below zoom 9). */
  readonly countryLabels: readonly CountryLabel[];
  /** The units: heading ticks, lost-contact rings, dots, letters, callsigns (see buildUnitLayers). */
  readonly unitLayers: readonly Layer[];
  readonly trails: readonly TrailRow[];
  readonly links: readonly LinkRow[];
  /**
   * Every incident in a stable order (see StableRows): those not on the map (closed) are drawn
   * invisible, so that a change updates only its own rows.
   */
  readonly incidents: readonly Incident[];
  /** deck.gl's `_dataDiff` for `incidents`: the rows changed since the data the layer has. */
  readonly incidentsDiff?: (newData: unknown, oldData: unknown) => RowRange[];
  /** A ring row per incident, in the same order; `ring` for the unacknowledged ones that do not pulse. */
  readonly rings: readonly RingRow[];
  readonly ringsDiff?: (newData: unknown, oldData: unknown) => RowRange[];
  readonly selection: SelectionMark | null;
}

/**
 * The pulse around the most urgent unacknowledged incidents, for the map's pulse overlay: a canvas
 * of its own under the operation's, so that a step of the animation redraws only these rings and
 * not the tens of thousands of objects on the main canvas. The pulse moves only uniforms
 * (radiusScale, opacity): the rings' attributes are built once per data change.
 */
export function buildPulseLayers(input: {
  readonly on: boolean;
  readonly pulsing: readonly Incident[];
  /** 0 … PULSE_STEPS-1. */
  readonly pulseStep: number;
}): Layer[] {
  if (!input.on || input.pulsing.length === 0) return [];
  const phase = input.pulseStep / PULSE_STEPS;
  return [
    new ScatterplotLayer<Incident>({
      id: 'incident-pulse',
      data: input.pulsing,
      getPosition: (i) => [i.lon, i.lat],
      radiusUnits: 'pixels',
      getRadius: (i) => INCIDENT_RADIUS[i.priority] + 3,
      radiusScale: 1 + 1.2 * phase,
      opacity: 0.9 * (1 - phase),
      filled: false,
      stroked: true,
      getLineColor: (i) => PRIORITY_RGBA[i.priority],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
  ];
}

/** Where the selected entity is, for the highlight (arrays memoised with the selection). */
export interface SelectionMark {
  readonly selection: Selection;
  /** A ring is drawn around each point (incident, unit, crossing). */
  readonly points: Point[];
  /** A halo is drawn under each path (sector). */
  readonly paths: Point[][];
}

const FONT = 'system-ui, sans-serif';

/** Colour tables converted once, since accessors run per object per attribute update. */
function rgbaTable<K extends string | number>(
  table: Readonly<Record<K, string>>,
  alpha = 255,
): Record<K, Rgba> {
  const out = {} as Record<K, Rgba>;
  for (const key of Object.keys(table) as K[]) out[key] = hexToRgba(table[key], alpha);
  return out;
}

const IMPACT_RGBA = rgbaTable(IMPACT_COLORS);
const CORRIDOR_RGBA = rgbaTable(IMPACT_COLORS, 25);
const AGENCY_TRAIL_RGBA = rgbaTable(AGENCY_COLORS, 110);
const PRIORITY_RGBA = rgbaTable(PRIORITY_COLORS);
const PRIORITY_FADED_RGBA = rgbaTable(PRIORITY_COLORS, 90);
/** A row kept in place but not shown (see StableRows). */
const INVISIBLE_RGBA: Rgba = [0, 0, 0, 0];
const SELECTION_RGBA = hexToRgba(SELECTION_COLOR);
const SELECTION_HALO_RGBA = hexToRgba(SELECTION_COLOR, 90);
const CROSSING_RGBA = hexToRgba(CROSSING_COLOR);
const LINK_RGBA = hexToRgba(LINK_COLOR, 235);
const LINK_FADED_RGBA = hexToRgba(LINK_COLOR, 120);
const TOWN_RGBA = hexToRgba(TOWN_COLOR, 220);
const TOWN_DOT_RGBA = hexToRgba(TOWN_COLOR, 160);
const LABEL_RGBA = hexToRgba(LABEL_COLOR);
const DARK_RGBA = hexToRgba(BASEMAP_COLORS.sea);
const LABEL_BACKGROUND_RGBA = hexToRgba(BASEMAP_COLORS.sea, 190);
const OUTLINE_RGBA = hexToRgba(BASEMAP_COLORS.sea, 220);
const HOVER_RGBA: Rgba = [255, 255, 255, 90];
/** The uncovered mark: the lost-contact red, a little see-through over the basemap. */
const UNCOVERED_RGBA = hexToRgba(LOST_CONTACT_COLOR, 210);

export const INCIDENT_RADIUS: Readonly<Record<IncidentPriority, number>> = { 1: 8, 2: 6.5, 3: 5, 4: 4 };
export const UNIT_RADIUS = 6;

function townLayers(id: string, towns: readonly Town[], size: number): Layer[] {
  return [
    new ScatterplotLayer<Town>({
      id: `${id}-dots`,
      data: towns,
      getPosition: (t) => [t.lon, t.lat],
      radiusUnits: 'pixels',
      getRadius: size / 6,
      getFillColor: TOWN_DOT_RGBA,
    }),
    new TextLayer<Town>({
      id: `${id}-names`,
      data: towns,
      getPosition: (t) => [t.lon, t.lat],
      getText: (t) => t.name,
      getColor: TOWN_RGBA,
      getSize: size,
      sizeUnits: 'pixels',
      getTextAnchor: 'start',
      getAlignmentBaseline: 'center',
      getPixelOffset: [5, 0],
      fontFamily: FONT,
      characterSet: 'auto',
    }),
  ];
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

/**
 * The canvases the map draws on, bottom first, each a deck.gl overlay of its own, so that a change
 * redraws only the canvas it belongs to: with software WebGL every redraw of a canvas costs the
 * fill of everything on it, and a position report must not redraw twenty thousand incidents, the
 * basemap and the sectors with it.
 *
 * - `base`: the basemap's names and symbols, sectors and crossings; changes with the zoom, an
 *   impact level or a sector's cover.
 * - `incidents`: incidents, their steady rings and the case links; changes with an incident.
 * - `units`: units and their trails; changes with every position update (paced, see drawPace).
 * - `top`: the selection mark; changes with the selection and, for a unit, with its position.
 */
export const MAP_CANVASES = ['base', 'incidents', 'units', 'top'] as const;
export type MapCanvas = (typeof MAP_CANVASES)[number];

/** What each canvas is built from: a canvas is rebuilt only when one of its own inputs changes. */
export type BaseLayerInput = Pick<
  MapLayerInput,
  'layers' | 'zoom' | 'basemap' | 'sectors' | 'uncoveredSectors' | 'countryLabels' | 'towns' | 'crossings'
> & {
  /** The selection, when it is a sector (drawn under the sector's line). */
  readonly selection: SelectionMark | null;
};
export type IncidentLayerInput = Pick<
  MapLayerInput,
  'layers' | 'incidents' | 'incidentsDiff' | 'rings' | 'ringsDiff' | 'links'
>;
export type UnitLayerInput = Pick<MapLayerInput, 'layers' | 'trails' | 'unitLayers'>;
export type TopLayerInput = Pick<MapLayerInput, 'selection'>;

/** The layers of each canvas, bottom first. */
export type LayerGroups = Record<MapCanvas, Layer[]>;

/** Builds the layers of every canvas (see {@link MAP_CANVASES}). */
export function buildLayerGroups(input: MapLayerInput): LayerGroups {
  return {
    base: buildBaseLayers(input),
    incidents: buildIncidentLayers(input),
    units: buildUnitCanvasLayers(input),
    top: buildTopLayers(input),
  };
}

/** Builds the whole layer list, bottom first (every canvas in order; tests and the layer ids). */
export function buildLayers(input: MapLayerInput): Layer[] {
  const groups = buildLayerGroups(input);
  return MAP_CANVASES.flatMap((canvas) => groups[canvas]);
}

/** The basemap, sectors and crossings: what changes with the zoom and rarely otherwise. */
export function buildBaseLayers(input: BaseLayerInput): Layer[] {
  const { layers: on, zoom } = input;
  const out: Layer[] = [];
  const mark = input.selection;

  // Under everything the operation draws.
  if (input.basemap) out.push(...buildBasemapLayers(input.basemap, on.basemap, zoom));

  if (on.sectors) {
    out.push(
      new PolygonLayer<SectorRow>({
        id: 'sector-corridors',
        data: input.sectors,
        getPolygon: (s) => s.corridor,
        getFillColor: (s) => CORRIDOR_RGBA[s.sector.impactLevel],
        stroked: false,
      }),
    );
  }

  if (zoom < 9 && input.countryLabels.length > 0) {
    out.push(
      new TextLayer<CountryLabel>({
        id: 'country-names',
        data: input.countryLabels,
        getPosition: (c) => [c.lon, c.lat],
        getText: (c) => c.name.toUpperCase(),
        getColor: [170, 182, 196, 150],
        getSize: 13,
        sizeUnits: 'pixels',
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
      }),
    );
  }

  if (on.towns && zoom >= LABEL_ZOOM.majorTowns) {
    out.push(...townLayers('towns-major', input.towns.major, 11));
    if (zoom >= LABEL_ZOOM.minorTowns) out.push(...townLayers('towns-minor', input.towns.minor, 10));
  }

  if (mark && mark.paths.length > 0) {
    out.push(
      new PathLayer<Point[]>({
        id: 'selection-path',
        data: mark.paths,
        getPath: (p) => p,
        getColor: SELECTION_HALO_RGBA,
        getWidth: 9,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
      }),
    );
  }

  // A dashed band under the sector line, so the line keeps its impact colour: nobody covers it.
  if (on.sectors && input.uncoveredSectors && input.uncoveredSectors.length > 0) {
    out.push(
      new PathLayer<Point[]>({
        id: 'sectors-uncovered',
        data: uncoveredDashesAt(input.uncoveredSectors, zoom),
        getPath: (p) => p,
        getColor: UNCOVERED_RGBA,
        getWidth: 9,
        widthUnits: 'pixels',
        capRounded: false,
        jointRounded: true,
      }),
    );
  }

  if (on.sectors) {
    out.push(
      new PathLayer<SectorRow>({
        id: 'sectors',
        data: input.sectors,
        getPath: (s) => s.path,
        getColor: (s) => IMPACT_RGBA[s.sector.impactLevel],
        getWidth: 3,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        pickable: true,
        autoHighlight: true,
        highlightColor: HOVER_RGBA,
      }),
    );
  }

  if (on.crossings) {
    out.push(
      new ScatterplotLayer<Crossing>({
        id: 'crossings',
        data: input.crossings,
        getPosition: (c) => [c.lon, c.lat],
        radiusUnits: 'pixels',
        getRadius: 4.5,
        stroked: true,
        getFillColor: DARK_RGBA,
        getLineColor: CROSSING_RGBA,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: true,
        autoHighlight: true,
        highlightColor: HOVER_RGBA,
      }),
    );
    if (zoom >= LABEL_ZOOM.crossings) {
      out.push(
        new TextLayer<Crossing>({
          id: 'crossing-names',
          data: input.crossings,
          getPosition: (c) => [c.lon, c.lat],
          getText: (c) => c.name,
          getColor: LABEL_RGBA,
          getSize: 11,
          sizeUnits: 'pixels',
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'top',
          getPixelOffset: [0, 8],
          fontFamily: FONT,
          characterSet: 'auto',
        }),
      );
    }
  }

  if (on.sectors && zoom >= LABEL_ZOOM.sectors) {
    out.push(
      new TextLayer<SectorRow>({
        id: 'sector-names',
        data: input.sectors,
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
      }),
    );
  }

  return out;
}

/** Incidents, their rings and the case links between them. */
export function buildIncidentLayers(input: IncidentLayerInput): Layer[] {
  const { layers: on } = input;
  const out: Layer[] = [];

  if (on.links && input.links.length > 0) {
    // Below the incidents, so a line never hides the dot it joins.
    out.push(
      new PathLayer<LinkRow>({
        id: 'linked-cases',
        data: input.links,
        getPath: (l) => l.path,
        getColor: (l) => (l.selected ? LINK_RGBA : LINK_FADED_RGBA),
        getWidth: (l) => (l.selected ? 3.5 : 1.5),
        widthUnits: 'pixels',
        jointRounded: true,
        capRounded: true,
        pickable: true,
        autoHighlight: true,
        highlightColor: HOVER_RGBA,
      }),
    );
  }

  if (on.incidents) {
    out.push(
      new ScatterplotLayer<Incident>({
        id: 'incidents',
        data: input.incidents,
        _dataDiff: input.incidentsDiff,
        getPosition: (i) => [i.lon, i.lat],
        radiusUnits: 'pixels',
        getRadius: (i) => (isIncidentOnMap(i) ? INCIDENT_RADIUS[i.priority] : 0),
        getFillColor: (i) =>
          isIncidentOnMap(i)
            ? (i.status === 'resolved' ? PRIORITY_FADED_RGBA : PRIORITY_RGBA)[i.priority]
            : INVISIBLE_RGBA,
        stroked: true,
        getLineColor: (i) => (isIncidentOnMap(i) ? OUTLINE_RGBA : INVISIBLE_RGBA),
        lineWidthUnits: 'pixels',
        getLineWidth: (i) => (isIncidentOnMap(i) ? 1 : 0),
        pickable: true,
        autoHighlight: true,
        highlightColor: HOVER_RGBA,
      }),
    );
    if (input.rings.some((r) => r.ring))
      out.push(
        new ScatterplotLayer<RingRow>({
          id: 'incident-unacknowledged',
          data: input.rings,
          _dataDiff: input.ringsDiff,
          getPosition: (r) => [r.incident.lon, r.incident.lat],
          radiusUnits: 'pixels',
          getRadius: (r) => (r.ring ? INCIDENT_RADIUS[r.incident.priority] + 3 : 0),
          filled: false,
          stroked: true,
          getLineColor: (r) => (r.ring ? PRIORITY_RGBA[r.incident.priority] : INVISIBLE_RGBA),
          lineWidthUnits: 'pixels',
          getLineWidth: (r) => (r.ring ? 1.5 : 0),
        }),
      );
  }

  return out;
}

/** Units with their trails, heading ticks, lost-contact rings and labels. */
export function buildUnitCanvasLayers(input: UnitLayerInput): Layer[] {
  const { layers: on } = input;
  const out: Layer[] = [];

  if (on.trails) {
    out.push(
      new PathLayer<TrailRow>({
        id: 'trails',
        data: input.trails,
        getPath: (t) => t.path,
        getColor: (t) => AGENCY_TRAIL_RGBA[t.agency],
        getWidth: 1.5,
        widthUnits: 'pixels',
        jointRounded: true,
      }),
    );
  }

  // Built by unitLayers.ts from the position channel's columns (binary attributes).
  if (on.units) out.push(...input.unitLayers);

  return out;
}

/** The selection's ring, above everything. */
export function buildTopLayers(input: TopLayerInput): Layer[] {
  const out: Layer[] = [];
  const mark = input.selection;

  if (mark && mark.points.length > 0) {
    out.push(
      new ScatterplotLayer<Point>({
        id: 'selection-ring',
        data: mark.points,
        getPosition: (p) => p,
        radiusUnits: 'pixels',
        getRadius: 13,
        filled: false,
        stroked: true,
        getLineColor: SELECTION_RGBA,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
      }),
    );
  }

  return out;
}
