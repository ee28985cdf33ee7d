import { displayText } from './displayText';

/**
 * Overlays: a partner's KML, KMZ, GPX or GeoJSON file drawn as a layer of its own, kept per
 * operation in the local store. The page converts the file (renderer/src/overlays/convertOverlay.ts);
 * this module is the one check both the page and the core run on the result, so that whatever the
 * page sends, the core keeps only plain, bounded, finite geometry and plain text.
 */

/** The file formats an overlay can come from. */
export const OVERLAY_FORMATS = ['kml', 'kmz', 'gpx', 'geojson'] as const;
export type OverlayFormat = (typeof OVERLAY_FORMATS)[number];

/** Caps on one overlay: a file larger, or with more, is refused as a whole. */
export const OVERLAY_LIMITS = {
  /** The file as opened (a KMZ compressed), and also the converted overlay as JSON. */
  maxBytes: 20 * 1024 * 1024,
  maxFeatures: 50_000,
  maxVertices: 1_000_000,
  /** How many overlays one operation keeps. */
  maxPerOperation: 50,
  /** Characters kept of a feature's name and description (longer ones are cut). */
  maxNameLength: 200,
  maxDescriptionLength: 1000,
} as const;

/** Why a file is refused; the page words each in the officer's language. */
export const OVERLAY_PROBLEMS = [
  'empty',
  'tooBig',
  'unknownFormat',
  'notXml',
  'entities',
  'notKml',
  'notGpx',
  'noKmlInZip',
  'badZip',
  'notGeoJson',
  'noFeatures',
  'tooManyFeatures',
  'tooManyVertices',
  'badCoordinates',
  'badGeometry',
] as const;
export type OverlayProblem = (typeof OVERLAY_PROBLEMS)[number];

/** A refusal: its reason, and for the log a short detail in English. */
export class OverlayRefusal extends Error {
  constructor(
    readonly problem: OverlayProblem,
    detail?: string,
  ) {
    super(`overlay refused (${problem})${detail ? `: ${detail}` : ''}`);
    this.name = 'OverlayRefusal';
  }
}

/** A position as kept: longitude, latitude in degrees (heights are dropped). */
export type OverlayPosition = [number, number];

/** The geometries an overlay keeps (a GeometryCollection is split into features of these). */
export type OverlayGeometry =
  | { type: 'Point'; coordinates: OverlayPosition }
  | { type: 'MultiPoint'; coordinates: OverlayPosition[] }
  | { type: 'LineString'; coordinates: OverlayPosition[] }
  | { type: 'MultiLineString'; coordinates: OverlayPosition[][] }
  | { type: 'Polygon'; coordinates: OverlayPosition[][] }
  | { type: 'MultiPolygon'; coordinates: OverlayPosition[][][] };

/** One feature as kept: its geometry and, as plain text, its name and description. */
export interface OverlayFeature {
  type: 'Feature';
  geometry: OverlayGeometry;
  properties: { name?: string; description?: string };
}

/** An overlay's features, checked (see {@link checkOverlayCollection}). */
export interface OverlayCollection {
  type: 'FeatureCollection';
  features: OverlayFeature[];
}

/** An overlay as the list shows it (without its features). */
export interface OverlaySummary {
  overlayId: string;
  operationId: string;
  /** The file's name, as plain text. */
  name: string;
  format: OverlayFormat;
  featureCount: number;
  vertexCount: number;
  visible: boolean;
  addedAt: number;
}

/** The operation an overlay is kept under when the store has met no operation yet. */
export const NO_OPERATION = '(no operation)';

const POSITION_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
]);

/** Nesting depth of each geometry type's coordinates (0: one position). */
const DEPTH: Record<OverlayGeometry['type'], number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/** Text as an overlay keeps it: markup and control characters out, bidi controls shown, cut to length. */
export function overlayText(value: unknown, maxLength: number): string | undefined {
  // KML's HTML descriptions come from togeojson as { "@type": "html", value }.
  if (value !== null && typeof value === 'object' && 'value' in value)
    return overlayText(value.value, maxLength);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  // Cut before the replacements so a huge value costs no more than a short one.
  const raw = String(value).slice(0, maxLength * 4);
  const plain = raw
    .replace(/<[^<>]{0,2000}>/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return undefined;
  return displayText(plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain);
}

interface Counts {
  features: number;
  vertices: number;
}

function position(value: unknown, counts: Counts): OverlayPosition {
  if (!Array.isArray(value) || value.length < 2 || value.length > 4)
    throw new OverlayRefusal('badGeometry', 'a position is not [longitude, latitude]');
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    throw new OverlayRefusal('badCoordinates', 'a coordinate is not a finite number');
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw new OverlayRefusal('badCoordinates', `a position is off the globe (${lon}, ${lat})`);
  counts.vertices += 1;
  if (counts.vertices > OVERLAY_LIMITS.maxVertices)
    throw new OverlayRefusal('tooManyVertices', `more than ${OVERLAY_LIMITS.maxVertices} positions`);
  // A tenth of a metre is more than any overlay means, and keeps the stored JSON short.
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/** Coordinates nested `depth` arrays deep, every position checked. */
function nested(value: unknown, depth: number, counts: Counts): unknown {
  if (depth === 0) return position(value, counts);
  if (!Array.isArray(value)) throw new OverlayRefusal('badGeometry', 'coordinates are not an array');
  return value.map((item) => nested(item, depth - 1, counts));
}

function checkShape(geometry: OverlayGeometry): void {
  const short = (line: unknown[], min: number): boolean => line.length < min;
  switch (geometry.type) {
    case 'LineString':
      if (short(geometry.coordinates, 2))
        throw new OverlayRefusal('badGeometry', 'a line has fewer than two positions');
      break;
    case 'MultiLineString':
      if (geometry.coordinates.some((l) => short(l, 2)))
        throw new OverlayRefusal('badGeometry', 'a line has fewer than two positions');
      break;
    case 'Polygon':
      if (geometry.coordinates.length === 0 || geometry.coordinates.some((r) => short(r, 4)))
        throw new OverlayRefusal('badGeometry', 'an area has a ring of fewer than four positions');
      break;
    case 'MultiPolygon':
      if (geometry.coordinates.some((p) => p.length === 0 || p.some((r) => short(r, 4))))
        throw new OverlayRefusal('badGeometry', 'an area has a ring of fewer than four positions');
      break;
    default:
      break;
  }
}

/** The geometries of one GeoJSON geometry (a collection split, one level deep), checked. */
function geometries(value: unknown, counts: Counts, inCollection = false): OverlayGeometry[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') throw new OverlayRefusal('badGeometry', 'a geometry is not an object');
  const { type, coordinates, geometries: parts } = value as Record<string, unknown>;
  if (type === 'GeometryCollection' && !inCollection) {
    if (!Array.isArray(parts))
      throw new OverlayRefusal('badGeometry', 'a geometry collection has no geometries');
    return parts.flatMap((part) => geometries(part, counts, true));
  }
  if (typeof type !== 'string' || !POSITION_TYPES.has(type))
    throw new OverlayRefusal('badGeometry', `a geometry of type ${String(type).slice(0, 40)}`);
  const kind = type as OverlayGeometry['type'];
  const geometry = { type: kind, coordinates: nested(coordinates, DEPTH[kind], counts) } as OverlayGeometry;
  checkShape(geometry);
  // Empty multi-geometries draw nothing: dropped rather than refused.
  if (Array.isArray(geometry.coordinates) && geometry.coordinates.length === 0) return [];
  return [geometry];
}

/**
 * Checks a converted overlay and returns it as kept: only Features with their geometry (a
 * GeometryCollection split into one feature per part, features without geometry dropped),
 * positions finite and on the globe (rounded to 1e-6 degree, heights dropped), names and
 * descriptions as plain text. Throws an {@link OverlayRefusal} for anything else, or for more than
 * {@link OVERLAY_LIMITS} allow, or when nothing is left to draw. Linear in the input's size.
 */
export function checkOverlayCollection(value: unknown): OverlayCollection {
  if (value === null || typeof value !== 'object') throw new OverlayRefusal('notGeoJson', 'not an object');
  const record = value as Record<string, unknown>;
  let items: unknown[];
  if (record.type === 'FeatureCollection' && Array.isArray(record.features)) items = record.features;
  else if (record.type === 'Feature') items = [record];
  else if (
    typeof record.type === 'string' &&
    (POSITION_TYPES.has(record.type) || record.type === 'GeometryCollection')
  )
    items = [{ type: 'Feature', geometry: record, properties: {} }];
  else throw new OverlayRefusal('notGeoJson', 'neither a FeatureCollection, a Feature nor a geometry');
  if (items.length > OVERLAY_LIMITS.maxFeatures * 4)
    throw new OverlayRefusal('tooManyFeatures', `${items.length} features`);
  const counts: Counts = { features: 0, vertices: 0 };
  const features: OverlayFeature[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object' || (item as { type?: unknown }).type !== 'Feature')
      throw new OverlayRefusal('notGeoJson', 'an item of the collection is not a Feature');
    const feature = item as { geometry?: unknown; properties?: unknown };
    const props =
      feature.properties !== null && typeof feature.properties === 'object'
        ? (feature.properties as Record<string, unknown>)
        : {};
    const name = overlayText(props.name ?? props.title, OVERLAY_LIMITS.maxNameLength);
    const description = overlayText(props.description ?? props.desc, OVERLAY_LIMITS.maxDescriptionLength);
    const properties = { ...(name ? { name } : {}), ...(description ? { description } : {}) };
    for (const geometry of geometries(feature.geometry, counts)) {
      counts.features += 1;
      if (counts.features > OVERLAY_LIMITS.maxFeatures)
        throw new OverlayRefusal('tooManyFeatures', `more than ${OVERLAY_LIMITS.maxFeatures} features`);
      features.push({ type: 'Feature', geometry, properties });
    }
  }
  if (features.length === 0) throw new OverlayRefusal('noFeatures', 'nothing with a position');
  return { type: 'FeatureCollection', features };
}

/** How many positions an overlay has (its vertex count, for the list). */
export function overlayVertexCount(collection: OverlayCollection): number {
  let n = 0;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') n += 1;
    else if (Array.isArray(c)) for (const item of c) walk(item);
  };
  for (const f of collection.features) walk(f.geometry.coordinates);
  return n;
}

/** The overlay's format from a file name (its extension); null for one that is not an overlay. */
export function overlayFormatOf(fileName: string): OverlayFormat | null {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'json') return 'geojson';
  return OVERLAY_FORMATS.find((f) => f === ext) ?? null;
}
