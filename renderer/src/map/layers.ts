import type { Layer } from '@deck.gl/core';
import type { Annotation, Crossing, Incident } from '../../../shared/state';
import type { LayerId, Selection } from '../store/types';
import { buildBasemapLayers, type BasemapData } from './basemapLayers';
import type { SectorRow, Town, LinkRow, TrailRow, CountryLabel, RingRow } from './mapData';
import type { RowRange } from './stableRows';
import { crossingLayers } from './layers/crossings';
import { incidentLayer } from './layers/incidents';
import { linkedCaseLayer } from './layers/links';
import { countryNameLayer, townLayers } from './layers/placeNames';
import { unacknowledgedRingLayer } from './layers/rings';
import {
  sectorCorridorLayer,
  sectorLineLayer,
  sectorNameLayer,
  uncoveredSectorLayer,
} from './layers/sectors';
import { selectionPathLayer, selectionRingLayer, type SelectionMark } from './layers/selection';
import { trailLayer } from './layers/trails';
import { overlayLayers, type OverlayLayerData } from './layers/overlays';
import { takLayers } from './layers/tak';
import { annotationLayers } from './layers/annotations';
import { zoneLayers, type ZoneShape } from './layers/zones';
import type { TakTrack } from '../../../shared/tak';
import { LABEL_ZOOM } from './layers/style';

/**
 * The deck.gl layers of the map, rebuilt on every render of the map component. Rebuilding layer
 * objects is cheap: deck.gl compares props and recomputes attributes only when `data` changes
 * identity or an `updateTriggers` value changes, so the data arrays come memoised from the
 * component and time-dependent looks go through updateTriggers or uniforms.
 *
 * Each layer family is a module of its own in `./layers/` (sectors, crossings, place names,
 * incidents, rings and pulse, links, trails, selection, overlays; units in unitLayers.ts, the measuring tool
 * in measureLayer.ts); this file puts them on their canvases in drawing order.
 */

export { INCIDENT_RADIUS, LABEL_ZOOM, UNIT_RADIUS } from './layers/style';
export { buildPulseLayers, PULSE_STEP_MS, PULSE_STEPS } from './layers/rings';
export { dashedPaths, UNCOVERED_DASH_PX, UNCOVERED_GAP_PX } from './layers/sectors';
export type { SelectionMark } from './layers/selection';

/** Layer ids that can be picked, and what they select. */
export const PICKABLE_LAYERS = {
  sectors: 'sector',
  crossings: 'crossing',
  units: 'unit',
  incidents: 'incident',
} as const satisfies Record<string, Selection['kind']>;

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
  /** The visible overlays (partners' files), drawn over the sectors, under incidents and units. */
  readonly overlays?: readonly OverlayLayerData[];
  /** The shared annotations shown (not deleted), drawn over the sectors and overlays, under incidents and units. */
  readonly annotations?: readonly Annotation[];
  /** The live watch zones, with their alarm at the time shown. */
  readonly zones?: readonly ZoneShape[];
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
 * - `trails`: the units' recent tracks; 300,000 points at 5,000 units, refreshed far less often
 *   than the units (see LIVE_TRAIL_REFRESH_MS in useMapLayers.ts), so a position update does not
 *   redraw them: with software WebGL that redraw kept the GPU busy most of the time.
 * - `units`: the units; changes with every position update (paced, see drawPace).
 * - `top`: the selection mark; changes with the selection and, for a unit, with its position.
 */
export const MAP_CANVASES = ['base', 'incidents', 'trails', 'units', 'top'] as const;
export type MapCanvas = (typeof MAP_CANVASES)[number];

/** What each canvas is built from: a canvas is rebuilt only when one of its own inputs changes. */
export type BaseLayerInput = Pick<
  MapLayerInput,
  | 'layers'
  | 'zoom'
  | 'basemap'
  | 'sectors'
  | 'uncoveredSectors'
  | 'countryLabels'
  | 'towns'
  | 'crossings'
  | 'overlays'
  | 'annotations'
  | 'zones'
> & {
  /** The selection, when it is a sector (drawn under the sector's line). */
  readonly selection: SelectionMark | null;
};
export type IncidentLayerInput = Pick<
  MapLayerInput,
  'layers' | 'incidents' | 'incidentsDiff' | 'rings' | 'ringsDiff' | 'links'
>;
export type TrailLayerInput = Pick<MapLayerInput, 'layers' | 'trails'>;
export type UnitLayerInput = Pick<MapLayerInput, 'layers' | 'unitLayers'>;
export type TopLayerInput = Pick<MapLayerInput, 'selection'>;

/** The layers of each canvas, bottom first. */
export type LayerGroups = Record<MapCanvas, Layer[]>;

/** Builds the layers of every canvas (see {@link MAP_CANVASES}). */
export function buildLayerGroups(input: MapLayerInput): LayerGroups {
  return {
    base: buildBaseLayers(input),
    incidents: buildIncidentLayers(input),
    trails: buildTrailCanvasLayers(input),
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
  if (on.sectors) out.push(sectorCorridorLayer(input.sectors));
  if (zoom < 9 && input.countryLabels.length > 0) out.push(countryNameLayer(input.countryLabels));
  if (on.towns && zoom >= LABEL_ZOOM.majorTowns) {
    out.push(...townLayers('towns-major', input.towns.major, 11));
    if (zoom >= LABEL_ZOOM.minorTowns) out.push(...townLayers('towns-minor', input.towns.minor, 10));
  }
  if (mark && mark.paths.length > 0) out.push(selectionPathLayer(mark.paths));
  // Under the sector line, so the line keeps its impact colour.
  if (on.sectors && input.uncoveredSectors && input.uncoveredSectors.length > 0)
    out.push(uncoveredSectorLayer(input.uncoveredSectors, zoom));
  if (on.sectors) out.push(sectorLineLayer(input.sectors));
  if (on.crossings) out.push(...crossingLayers(input.crossings, zoom));
  // Reference from partners: over the operation's own lines, under its names (and under the
  // incidents' and units' canvases above this one).
  if (input.overlays && input.overlays.length > 0) out.push(...overlayLayers(input.overlays, zoom));
  // The officers' own drawings: over the partners' reference, under the live picture's canvases.
  if (on.annotations && input.annotations && input.annotations.length > 0)
    out.push(...annotationLayers(input.annotations));
  // Watch zones over the drawings: an outline in alarm must not hide under an area.
  if (on.zones && input.zones && input.zones.length > 0) out.push(...zoneLayers(input.zones));
  if (on.sectors && zoom >= LABEL_ZOOM.sectors) out.push(sectorNameLayer(input.sectors));
  return out;
}

/** Incidents, their rings and the case links between them. */
export function buildIncidentLayers(input: IncidentLayerInput): Layer[] {
  const { layers: on } = input;
  const out: Layer[] = [];
  // Below the incidents, so a line never hides the dot it joins.
  if (on.links && input.links.length > 0) out.push(linkedCaseLayer(input.links));
  if (on.incidents) {
    out.push(incidentLayer(input.incidents, input.incidentsDiff));
    if (input.rings.some((r) => r.ring)) out.push(unacknowledgedRingLayer(input.rings, input.ringsDiff));
  }
  return out;
}

/** The units' recent tracks. */
export function buildTrailCanvasLayers(input: TrailLayerInput): Layer[] {
  // None while there are none: the trails' canvas is then not made (see deckOverlays.ts), and at
  // start the picture is drawn before the trails arrive.
  return input.layers.trails && input.trails.length > 0 ? [trailLayer(input.trails)] : [];
}

/** Units with their heading ticks, lost-contact rings and labels. */
export function buildUnitCanvasLayers(input: UnitLayerInput): Layer[] {
  const { layers: on } = input;
  const out: Layer[] = [];
  // Built by unitLayers.ts from the position channel's columns (binary attributes).
  if (on.units) out.push(...input.unitLayers);
  return out;
}

/** The TAK server's tracks (renderer/src/map/layers/tak.ts), above the operation's, when switched on. */
export function buildTakLayers(
  on: Readonly<Record<LayerId, boolean>>,
  tracks: readonly TakTrack[],
  zoom: number,
): Layer[] {
  return on.tak && tracks.length > 0 ? takLayers(tracks, zoom) : [];
}

/** The selection's ring, above everything. */
export function buildTopLayers(input: TopLayerInput): Layer[] {
  const mark = input.selection;
  return mark && mark.points.length > 0 ? [selectionRingLayer(mark.points)] : [];
}
