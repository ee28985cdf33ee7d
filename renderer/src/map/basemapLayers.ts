import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiLineString } from 'geojson';
import { BASEMAP_COLORS, hexToRgba, ORIENTATION_COLORS } from './colors';

/**
 * The orientation layers over the basemap: names of rivers, places, mountains and seas, and the
 * airport and port symbols, drawn by deck.gl since the offline style has no glyphs. The river and
 * lake shapes themselves are maplibre layers (mapStyle.ts), so they lie under the state borders.
 * All of it is switched by the `basemap` layer toggle.
 */

/** The symbol drawn for each kind of orientation point; the legend shows the same table. */
export const ORIENTATION_GLYPHS = {
  airport: '✈',
  port: '⚓',
  peak: '▲',
} as const;

/** Zoom from which (or below which, for `placesUntil`) each kind of orientation text shows. */
export const BASEMAP_ZOOM = {
  /** Seas and mountain ranges: the overview, until towns and units fill the view. */
  physicalFrom: 5,
  physicalUntil: 10,
  peaks: 7,
  /** The big rivers (the Danube, Sava, Drina, Morava…) are named from the overview on… */
  majorRiverNames: 5,
  /** …the others once zoomed in… */
  riverNames: 7,
  /** …and closer together where the view is a few dozen km wide. */
  closeRiverNames: 9,
  airports: 6,
  airportNames: 8,
  ports: 7,
  portNames: 9,
  /** Natural Earth's places stand in for the towns until the towns' own names appear. */
  placesUntil: 7,
} as const;

/** A point from places.json (capitals and regional centres). */
export interface BasemapPlace {
  readonly name: string;
  readonly capital: boolean;
  readonly population: number;
  readonly lon: number;
  readonly lat: number;
}
/** A point from airports.json. */
export interface BasemapAirport {
  readonly name: string;
  readonly code: string | null;
  readonly lon: number;
  readonly lat: number;
}
/** A point from ports.json. */
export interface BasemapPort {
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
}
/** A point from physical.json. */
export interface BasemapPhysical {
  readonly name: string;
  readonly kind: 'peak' | 'range' | 'region' | 'sea';
  readonly elevation: number | null;
  /** Natural Earth's scalerank: 0-2 name areas wider than the region (the Balkan Peninsula). */
  readonly rank: number;
  readonly lon: number;
  readonly lat: number;
}
/** A river's name placed on its line, turned to follow it. */
export interface RiverLabel {
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
  /** Degrees counter-clockwise from east, as deck.gl's TextLayer takes it; never upside down. */
  readonly angle: number;
  /** The river's Natural Earth scalerank (0 most important … 12). */
  readonly rank: number;
}

/** The orientation data the deck.gl layers draw; parts not loaded yet are empty. */
export interface BasemapData {
  /** River names spaced for the overview… */
  readonly riverLabels: readonly RiverLabel[];
  /** …and closer together, for a view a few dozen km wide. */
  readonly riverLabelsClose: readonly RiverLabel[];
  readonly places: readonly BasemapPlace[];
  readonly airports: readonly BasemapAirport[];
  readonly ports: readonly BasemapPort[];
  readonly physical: readonly BasemapPhysical[];
}

/** Nothing loaded yet. */
export const EMPTY_BASEMAP: BasemapData = {
  riverLabels: [],
  riverLabelsClose: [],
  places: [],
  airports: [],
  ports: [],
  physical: [],
};

// --- Parsing what the host serves: entries that are not what they should be are left out. ---

type Entry = Record<string, unknown>;
const isEntry = (v: unknown): v is Entry => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const located = (e: Entry): boolean => isText(e['name']) && isCoord(e['lon']) && isCoord(e['lat']);

function entries(json: unknown): Entry[] {
  return Array.isArray(json) ? json.filter(isEntry).filter(located) : [];
}

/** places.json, biggest first. */
export function parsePlaces(json: unknown): BasemapPlace[] {
  return entries(json).map((e) => ({
    name: e['name'] as string,
    capital: e['capital'] === true,
    population: isCoord(e['population']) ? e['population'] : 0,
    lon: e['lon'] as number,
    lat: e['lat'] as number,
  }));
}

/** airports.json. */
export function parseAirports(json: unknown): BasemapAirport[] {
  return entries(json).map((e) => ({
    name: e['name'] as string,
    code: isText(e['code']) ? e['code'] : null,
    lon: e['lon'] as number,
    lat: e['lat'] as number,
  }));
}

/** ports.json. */
export function parsePorts(json: unknown): BasemapPort[] {
  return entries(json).map((e) => ({
    name: e['name'] as string,
    lon: e['lon'] as number,
    lat: e['lat'] as number,
  }));
}

const PHYSICAL_KINDS = ['peak', 'range', 'region', 'sea'] as const;

/** physical.json. */
export function parsePhysical(json: unknown): BasemapPhysical[] {
  return entries(json)
    .filter((e) => (PHYSICAL_KINDS as readonly unknown[]).includes(e['kind']))
    .map((e) => ({
      name: e['name'] as string,
      kind: e['kind'] as BasemapPhysical['kind'],
      elevation: isCoord(e['elevation']) ? e['elevation'] : null,
      rank: isCoord(e['rank']) ? e['rank'] : 10,
      lon: e['lon'] as number,
      lat: e['lat'] as number,
    }));
}

// --- River names along the lines. ---

/** Kilometres per degree of latitude; a degree of longitude is this times cos(latitude). */
const KM_PER_DEGREE = 111.2;
/**
 * One name per this many km of a river's line, so a long river is named wherever one looks: at the
 * overview, and zoomed in (BASEMAP_ZOOM.closeRiverNames).
 */
export const RIVER_LABEL_SPACING_KM = { overview: 140, close: 35 } as const;
/** Shorter lines get no name: there is no room along them for it. */
const RIVER_LABEL_MIN_KM = 30;
/** The name's angle follows the line over this distance either side, not one jagged segment. */
const RIVER_ANGLE_SPAN_KM = 8;
/** The same river named twice closer than this share of the spacing (overlapping source lines) keeps one name. */
const RIVER_LABEL_MIN_GAP = 0.4;

function distanceKm(a: readonly number[], b: readonly number[]): number {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  const kx = KM_PER_DEGREE * Math.cos((((ay + by) / 2) * Math.PI) / 180);
  return Math.hypot((bx - ax) * kx, (by - ay) * KM_PER_DEGREE);
}

/** The point `km` along a line whose cumulative lengths are `along`. */
function pointAt(line: readonly number[][], along: readonly number[], km: number): [number, number] {
  const total = along[along.length - 1] ?? 0;
  const target = Math.max(0, Math.min(total, km));
  for (let i = 1; i < line.length; i++) {
    const end = along[i] ?? 0;
    if (end < target && i < line.length - 1) continue;
    const start = along[i - 1] ?? 0;
    const t = end > start ? (target - start) / (end - start) : 0;
    const [ax = 0, ay = 0] = line[i - 1] ?? [];
    const [bx = 0, by = 0] = line[i] ?? [];
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  const [x = 0, y = 0] = line[0] ?? [];
  return [x, y];
}

/**
 * Where to write each river's name: at evenly spaced points along its line (one per `spacingKm`,
 * at least one at the middle), turned to the line's direction as it shows in Web Mercator, and kept
 * upright. Unnamed rivers and short stubs get none.
 */
export function riverLabels(
  rivers: FeatureCollection<MultiLineString, { name?: unknown; rank?: unknown }>,
  spacingKm: number = RIVER_LABEL_SPACING_KM.overview,
): RiverLabel[] {
  const minGapKm = RIVER_LABEL_MIN_GAP * spacingKm;
  const out: RiverLabel[] = [];
  for (const feature of rivers.features) {
    const name = feature.properties?.name;
    const rank = isCoord(feature.properties?.rank) ? feature.properties.rank : 12;
    if (!isText(name) || feature.geometry?.type !== 'MultiLineString') continue;
    for (const line of feature.geometry.coordinates) {
      const along = [0];
      for (let i = 1; i < line.length; i++)
        along.push((along[i - 1] ?? 0) + distanceKm(line[i - 1] ?? [], line[i] ?? []));
      const total = along[along.length - 1] ?? 0;
      if (total < RIVER_LABEL_MIN_KM) continue;
      const count = Math.max(1, Math.floor(total / spacingKm));
      for (let k = 0; k < count; k++) {
        const km = ((k + 0.5) * total) / count;
        const [lon, lat] = pointAt(line, along, km);
        if (out.some((l) => l.name === name && distanceKm([l.lon, l.lat], [lon, lat]) < minGapKm)) continue;
        const [x0, y0] = pointAt(line, along, km - RIVER_ANGLE_SPAN_KM);
        const [x1, y1] = pointAt(line, along, km + RIVER_ANGLE_SPAN_KM);
        // Mercator stretches north-south by 1/cos(latitude), so that is how steep the line looks.
        const north = (y1 - y0) / Math.cos((lat * Math.PI) / 180);
        let angle = (Math.atan2(north, x1 - x0) * 180) / Math.PI;
        if (angle > 90) angle -= 180;
        if (angle <= -90) angle += 180;
        out.push({ name, lon, lat, angle: Math.round(angle * 10) / 10, rank });
      }
    }
  }
  return out;
}

// --- The layers. ---

const FONT = 'system-ui, sans-serif';
const WATER_NAME_RGBA = hexToRgba(ORIENTATION_COLORS.waterName, 230);
const AIRPORT_RGBA = hexToRgba(ORIENTATION_COLORS.airport, 230);
const PORT_RGBA = hexToRgba(ORIENTATION_COLORS.port, 230);
const PEAK_RGBA = hexToRgba(ORIENTATION_COLORS.peak, 220);
const PHYSICAL_NAME_RGBA = hexToRgba(ORIENTATION_COLORS.physicalName, 200);
const PLACE_RGBA = hexToRgba(ORIENTATION_COLORS.place, 220);
const HALO_RGBA = hexToRgba(BASEMAP_COLORS.sea, 200);
const GLYPHS = Object.values(ORIENTATION_GLYPHS).join('');
/** Natural Earth rank from which an area's name is regional rather than continental. */
const MIN_AREA_RANK = 3;
/** Rivers of this Natural Earth rank or better are the big ones, named at the overview. */
const MAJOR_RIVER_RANK = 9;

/** The big rivers' labels, memoised on the array so deck.gl sees the same data while it is unchanged. */
const majorCache = new WeakMap<readonly RiverLabel[], RiverLabel[]>();
function majorRivers(labels: readonly RiverLabel[]): RiverLabel[] {
  let major = majorCache.get(labels);
  if (!major) {
    major = labels.filter((l) => l.rank <= MAJOR_RIVER_RANK);
    majorCache.set(labels, major);
  }
  return major;
}

function placeText(p: BasemapPhysical): string {
  if (p.kind === 'peak') return p.elevation === null ? p.name : `${p.name} ${p.elevation}`;
  // Seas and ranges are spread-out names, set apart from the towns by capitals.
  return p.kind === 'region' ? p.name : p.name.toUpperCase();
}

/**
 * The deck.gl orientation layers for this zoom, bottom first; none when the officer has hidden the
 * basemap. Arrays in `data` must keep their identity while unchanged (see layers.ts).
 */
export function buildBasemapLayers(data: BasemapData, shown: boolean, zoom: number): Layer[] {
  if (!shown) return [];
  const out: Layer[] = [];

  if (zoom >= BASEMAP_ZOOM.physicalFrom && zoom < BASEMAP_ZOOM.physicalUntil) {
    // Not the names of areas wider than the region: "Balkan Pen." would sit on the operation itself.
    const spread = data.physical.filter(
      (p) => p.kind !== 'peak' && (p.kind === 'sea' || p.rank >= MIN_AREA_RANK),
    );
    out.push(
      new TextLayer<BasemapPhysical>({
        id: 'basemap-physical-names',
        data: spread,
        getPosition: (p) => [p.lon, p.lat],
        getText: placeText,
        getColor: (p) => (p.kind === 'sea' ? WATER_NAME_RGBA : PHYSICAL_NAME_RGBA),
        getSize: 12,
        sizeUnits: 'pixels',
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
      }),
    );
  }

  if (zoom >= BASEMAP_ZOOM.majorRiverNames) {
    out.push(
      new TextLayer<RiverLabel>({
        id: 'basemap-river-names',
        data:
          zoom >= BASEMAP_ZOOM.closeRiverNames
            ? data.riverLabelsClose
            : zoom >= BASEMAP_ZOOM.riverNames
              ? data.riverLabels
              : majorRivers(data.riverLabels),
        getPosition: (l) => [l.lon, l.lat],
        getText: (l) => l.name,
        getAngle: (l) => l.angle,
        getColor: WATER_NAME_RGBA,
        getSize: 11,
        sizeUnits: 'pixels',
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
        outlineWidth: 2,
        outlineColor: HALO_RGBA,
        fontSettings: { sdf: true },
      }),
    );
  }

  if (zoom >= BASEMAP_ZOOM.peaks && zoom < BASEMAP_ZOOM.physicalUntil) {
    const peaks = data.physical.filter((p) => p.kind === 'peak');
    out.push(
      new TextLayer<BasemapPhysical>({
        id: 'basemap-peaks',
        data: peaks,
        getPosition: (p) => [p.lon, p.lat],
        getText: () => ORIENTATION_GLYPHS.peak,
        getColor: PEAK_RGBA,
        getSize: 9,
        sizeUnits: 'pixels',
        fontFamily: FONT,
        characterSet: GLYPHS,
      }),
      new TextLayer<BasemapPhysical>({
        id: 'basemap-peak-names',
        data: peaks,
        getPosition: (p) => [p.lon, p.lat],
        getText: placeText,
        getColor: PHYSICAL_NAME_RGBA,
        getSize: 10,
        sizeUnits: 'pixels',
        getAlignmentBaseline: 'top',
        getPixelOffset: [0, 7],
        fontFamily: FONT,
        characterSet: 'auto',
      }),
    );
  }

  if (zoom < BASEMAP_ZOOM.placesUntil) {
    // At the overview only the capitals, or the names pile up on each other.
    const places = zoom < 6 ? data.places.filter((p) => p.capital) : data.places;
    out.push(
      new ScatterplotLayer<BasemapPlace>({
        id: 'basemap-places',
        data: places,
        getPosition: (p) => [p.lon, p.lat],
        radiusUnits: 'pixels',
        getRadius: (p) => (p.capital ? 3 : 2),
        getFillColor: PLACE_RGBA,
      }),
      new TextLayer<BasemapPlace>({
        id: 'basemap-place-names',
        data: places,
        getPosition: (p) => [p.lon, p.lat],
        getText: (p) => p.name,
        getColor: PLACE_RGBA,
        getSize: (p) => (p.capital ? 12 : 10),
        sizeUnits: 'pixels',
        getTextAnchor: 'start',
        getAlignmentBaseline: 'center',
        getPixelOffset: [5, 0],
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
      }),
    );
  }

  if (zoom >= BASEMAP_ZOOM.airports) {
    out.push(
      new TextLayer<BasemapAirport>({
        id: 'basemap-airports',
        data: data.airports,
        getPosition: (a) => [a.lon, a.lat],
        getText: (a) =>
          zoom >= BASEMAP_ZOOM.airportNames && a.code
            ? `${ORIENTATION_GLYPHS.airport} ${a.code}`
            : ORIENTATION_GLYPHS.airport,
        getColor: AIRPORT_RGBA,
        getSize: 13,
        sizeUnits: 'pixels',
        getTextAnchor: 'start',
        getPixelOffset: [-6, 0],
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
        updateTriggers: { getText: zoom >= BASEMAP_ZOOM.airportNames },
      }),
    );
  }

  if (zoom >= BASEMAP_ZOOM.ports) {
    out.push(
      new TextLayer<BasemapPort>({
        id: 'basemap-ports',
        data: data.ports,
        getPosition: (p) => [p.lon, p.lat],
        getText: (p) =>
          zoom >= BASEMAP_ZOOM.portNames ? `${ORIENTATION_GLYPHS.port} ${p.name}` : ORIENTATION_GLYPHS.port,
        getColor: PORT_RGBA,
        getSize: 12,
        sizeUnits: 'pixels',
        getTextAnchor: 'start',
        getPixelOffset: [-6, 0],
        fontFamily: FONT,
        characterSet: 'auto',
        updateTriggers: { getText: zoom >= BASEMAP_ZOOM.portNames },
      }),
    );
  }

  return out;
}
