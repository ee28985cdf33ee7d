/**
 * Checks the scenario geography against the real borders, recomputed here straight from
 * world-atlas (not from resources/geo), so that a bug in the build step or in the sector
 * cutting cannot hide itself.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  along,
  booleanPointInPolygon,
  distance,
  length,
  lineString,
  pointToLineDistance,
  polygon,
} from '@turf/turf';
import { mesh } from 'topojson-client';
import type { Position } from 'geojson';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clearGeographyCache,
  loadGeography,
  PARTICIPATING_COUNTRIES,
  pointInCorridor,
  type Geography,
  type SectorGeometry,
} from './geography';

const root = fileURLToPath(new URL('..', import.meta.url));
const geoDir = join(root, 'resources', 'geo');
const require = createRequire(join(root, 'package.json'));

/** world-atlas names, written out again here rather than imported from the build script. */
const ATLAS_NAME: Record<string, string> = {
  AL: 'Albania',
  BA: 'Bosnia and Herz.',
  BG: 'Bulgaria',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  ME: 'Montenegro',
  MK: 'Macedonia',
  RO: 'Romania',
  RS: 'Serbia',
  SI: 'Slovenia',
  XK: 'Kosovo',
};

const topology = require('world-atlas/countries-10m.json') as Topology;
const countriesObject = topology.objects['countries'] as GeometryCollection;

/** Segments of the real border of a pair, as [lon0, lat0, lon1, lat1]. */
const realBorders = new Map<string, number[][]>();
function realBorderSegments(pair: readonly [string, string]): number[][] {
  const key = pair.join('-');
  const known = realBorders.get(key);
  if (known) return known;
  const names = pair.map((c) => ATLAS_NAME[c]);
  expect(
    names.every((n) => n !== undefined),
    `world-atlas name of ${key}`,
  ).toBe(true);
  const nameOf = (g: GeometryObject): string | undefined => {
    const props: { name?: unknown } | undefined = g.properties;
    const name = props?.name;
    return typeof name === 'string' ? name : undefined;
  };
  const shared = mesh(topology, countriesObject, (a, b) => {
    const an = nameOf(a);
    const bn = nameOf(b);
    return an !== bn && names.includes(an) && names.includes(bn);
  });
  const segments: number[][] = [];
  for (const line of shared.coordinates)
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      if (a && b) segments.push([a[0] ?? 0, a[1] ?? 0, b[0] ?? 0, b[1] ?? 0]);
    }
  expect(segments.length, `real border ${key}`).toBeGreaterThan(0);
  realBorders.set(key, segments);
  return segments;
}

/** Distance in km from a point to the real border of a pair (Infinity beyond ~3 km). */
function kmToRealBorder(pair: readonly [string, string], p: Position): number {
  const [lon = 0, lat = 0] = p;
  let best = Infinity;
  for (const [ax = 0, ay = 0, bx = 0, by = 0] of realBorderSegments(pair)) {
    // Only segments whose box, grown by ~3 km, holds the point can be within 2 km of it.
    if (lon < Math.min(ax, bx) - 0.04 || lon > Math.max(ax, bx) + 0.04) continue;
    if (lat < Math.min(ay, by) - 0.03 || lat > Math.max(ay, by) + 0.03) continue;
    best = Math.min(
      best,
      pointToLineDistance(
        [lon, lat],
        lineString([
          [ax, ay],
          [bx, by],
        ]),
        { units: 'kilometers' },
      ),
    );
  }
  return best;
}

function realBorderLengthKm(pair: readonly [string, string]): number {
  return realBorderSegments(pair).reduce(
    (sum, [ax = 0, ay = 0, bx = 0, by = 0]) => sum + distance([ax, ay], [bx, by]),
    0,
  );
}

const inCorridor = (s: SectorGeometry, p: Position): boolean => booleanPointInPolygon(p, polygon(s.corridor));

let geo: Geography;

beforeAll(async () => {
  if (!['countries.json', 'borders.json', 'towns.json'].every((f) => existsSync(join(geoDir, f)))) {
    // The build script is outside this TS project, hence the untyped dynamic import.
    const mod: unknown = await import(new URL('../scripts/build-geodata.ts', import.meta.url).href);
    const build = (mod as { buildGeodata?: (o: { quiet?: boolean }) => unknown }).buildGeodata;
    if (typeof build !== 'function') throw new Error('scripts/build-geodata.ts exports no buildGeodata');
    build({ quiet: true });
  }
  clearGeographyCache();
  geo = loadGeography();
}, 60_000);

describe('sectors', () => {
  it('cover the scenario with enough, uniquely named sectors of bounded length', () => {
    expect(geo.sectors.length).toBeGreaterThanOrEqual(24);
    expect(geo.sectors.length).toBeLessThanOrEqual(48);
    const participating = new Set(
      geo.sectors.flatMap((s) => s.countries).filter((c) => PARTICIPATING_COUNTRIES.includes(c)),
    );
    expect(participating.size).toBeGreaterThanOrEqual(6);
    expect(new Set(geo.sectors.map((s) => s.sectorId)).size).toBe(geo.sectors.length);
    expect(new Set(geo.sectors.map((s) => s.name)).size).toBe(geo.sectors.length);
    for (const s of geo.sectors) {
      expect(s.sectorId).toMatch(/^[A-Z]{2}-[A-Z]{2}-\d{2}$/);
      expect(s.sectorId.startsWith(s.countries.join('-'))).toBe(true);
      expect([...s.countries].sort()).toEqual(s.countries);
      expect(s.countries.some((c) => PARTICIPATING_COUNTRIES.includes(c))).toBe(true);
      const km = length(lineString(s.line), { units: 'kilometers' });
      expect(Math.abs(km - s.lengthKm)).toBeLessThan(0.05);
      expect(s.lengthKm).toBeLessThanOrEqual(90);
      expect(s.lengthKm).toBeGreaterThanOrEqual(15);
      for (const [lon, lat] of s.line) {
        expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
        expect(Math.round(lat * 1e5) / 1e5).toBe(lat);
      }
    }
  });

  it('follow the real border: every vertex within 2 km of it', () => {
    for (const s of geo.sectors)
      for (const p of s.line) {
        const km = kmToRealBorder(s.countries, p);
        expect(km, `${s.sectorId} vertex ${p.join(',')}`).toBeLessThan(2);
      }
  });

  it('together cover each watched border from end to end', () => {
    const byPair = new Map<string, { pair: [string, string]; km: number }>();
    for (const s of geo.sectors) {
      const key = s.countries.join('-');
      const entry = byPair.get(key) ?? { pair: s.countries, km: 0 };
      entry.km += s.lengthKm;
      byPair.set(key, entry);
    }
    for (const { pair, km } of byPair.values()) {
      const real = realBorderLengthKm(pair);
      // Simplification shortens a line a little; a missing stretch would cost far more.
      expect(km / real, pair.join('-')).toBeGreaterThan(0.95);
      expect(km / real, pair.join('-')).toBeLessThan(1.01);
    }
  });

  it('have corridors that hold their line and the points placed in them', () => {
    for (const s of geo.sectors) {
      expect(s.corridor.length).toBeGreaterThanOrEqual(1);
      for (const p of s.line) expect(inCorridor(s, p), `${s.sectorId} vertex`).toBe(true);
      for (let k = 0; k <= 20; k++) {
        const t = k / 20;
        for (const f of [-0.95, -0.5, 0, 0.5, 0.95]) {
          const p = pointInCorridor(s, t, f * s.corridorKm);
          expect(inCorridor(s, [p.lon, p.lat]), `${s.sectorId} t=${t} offset=${f}`).toBe(true);
          expect(p.bearing).toBeGreaterThanOrEqual(0);
          expect(p.bearing).toBeLessThan(360);
        }
      }
    }
  });

  it('have corridors that end about corridorKm from the line', () => {
    let outside = 0;
    let total = 0;
    for (const s of geo.sectors)
      for (let k = 1; k < 10; k++)
        for (const side of [-1, 1]) {
          const on = pointInCorridor(s, k / 10, 0);
          const far = pointInCorridor(s, k / 10, side * 3 * s.corridorKm);
          // The offset really is 3 × corridorKm away from the line's point...
          expect(distance([on.lon, on.lat], [far.lon, far.lat])).toBeCloseTo(3 * s.corridorKm, 3);
          // ...and is outside unless the meandering border itself comes back near it.
          const km = pointToLineDistance([far.lon, far.lat], lineString(s.line), { units: 'kilometers' });
          const inside = inCorridor(s, [far.lon, far.lat]);
          if (km > 1.1 * s.corridorKm)
            expect(inside, `${s.sectorId} ${k / 10} ${side}: ${km} km`).toBe(false);
          if (km < 0.95 * s.corridorKm)
            expect(inside, `${s.sectorId} ${k / 10} ${side}: ${km} km`).toBe(true);
          total++;
          if (!inside) outside++;
        }
    expect(outside / total).toBeGreaterThan(0.8);
  });

  it('are named after a real town near their midpoint', () => {
    const towns = JSON.parse(readFileSync(join(geoDir, 'towns.json'), 'utf8')) as {
      name: string;
      lon: number;
      lat: number;
    }[];
    for (const s of geo.sectors) {
      const line = lineString(s.line);
      const mid = along(line, length(line) / 2);
      // A name may carry a qualifier ("Zvornik North") when the plain town name was taken.
      const base = s.name.replace(/ (North|South|East|West|\d+)$/, '');
      const matches = towns.filter((t) => t.name === s.name || t.name === base);
      expect(matches.length, `${s.sectorId} ${s.name} in towns.json`).toBeGreaterThan(0);
      const km = Math.min(...matches.map((t) => distance(mid, [t.lon, t.lat])));
      expect(km, `${s.sectorId} ${s.name}`).toBeLessThanOrEqual(30);
    }
  });
});

describe('crossings', () => {
  it('are at least 20, with unique ids, on the real border of their pair', () => {
    expect(geo.crossings.length).toBeGreaterThanOrEqual(20);
    expect(new Set(geo.crossings.map((c) => c.crossingId)).size).toBe(geo.crossings.length);
    for (const c of geo.crossings) {
      expect(c.crossingId).toMatch(/^BCP-[A-Z]{2}-[A-Z]{2}-[A-Z0-9-]+$/);
      expect(c.name).toContain(' / ');
      expect(kmToRealBorder(c.countries, [c.lon, c.lat]), c.crossingId).toBeLessThan(0.5);
    }
  });

  it('lie in the corridor of their sector', () => {
    for (const c of geo.crossings) {
      const sector = geo.sectors.find((s) => s.sectorId === c.sectorId);
      expect(sector, c.crossingId).toBeDefined();
      if (!sector) continue;
      expect(sector.countries).toEqual(c.countries);
      expect(inCorridor(sector, [c.lon, c.lat]), c.crossingId).toBe(true);
    }
  });
});

describe('water', () => {
  const sectorOf = (crossingId: string): SectorGeometry | undefined => {
    const c = geo.crossings.find((x) => x.crossingId === crossingId);
    return geo.sectors.find((s) => s.sectorId === c?.sectorId);
  };
  it('marks the border rivers and lakes and not the land borders', () => {
    expect(sectorOf('BCP-RS-BA-SREMSKA-RACA')?.water).toBe('river'); // Sava / Drina
    expect(sectorOf('BCP-BA-RS-KARAKAJ')?.water).toBe('river'); // Drina
    expect(sectorOf('BCP-BA-HR-GRADISKA')?.water).toBe('river'); // Sava
    expect(sectorOf('BCP-RS-HR-BEZDAN')?.water).toBe('river'); // Danube
    expect(sectorOf('BCP-AL-MK-TUSHEMISHT')?.water).toBe('lake'); // Ohrid
    expect(sectorOf('BCP-AL-ME-HANI-I-HOTIT')?.water).toBe('lake'); // Skadar
    expect(sectorOf('BCP-RS-BG-GRADINA')?.water).toBeNull();
    expect(sectorOf('BCP-RS-MK-PRESEVO')?.water).toBeNull();
    expect(sectorOf('BCP-RS-HU-HORGOS')?.water).toBeNull();
  });
});

describe('loadGeography', () => {
  it('is deterministic', () => {
    clearGeographyCache();
    const a = loadGeography();
    clearGeographyCache();
    const b = loadGeography();
    expect(a).not.toBe(b);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(geo));
  });

  it('caches per options and honours them', () => {
    expect(loadGeography()).toBe(loadGeography());
    const fine = loadGeography({ maxSectorKm: 60, corridorKm: 3 });
    expect(fine.sectors.length).toBeGreaterThan(geo.sectors.length);
    for (const s of fine.sectors) {
      expect(s.lengthKm).toBeLessThanOrEqual(60);
      expect(s.corridorKm).toBe(3);
    }
  });

  it('tells to run `npm run geo` when resources/geo is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'watchfloor-geo-'));
    const saved = process.env['WATCHFLOOR_GEO_DIR'];
    process.env['WATCHFLOOR_GEO_DIR'] = empty;
    try {
      expect(() => loadGeography({ corridorKm: 4 })).toThrow(/npm run geo/);
    } finally {
      if (saved === undefined) delete process.env['WATCHFLOOR_GEO_DIR'];
      else process.env['WATCHFLOOR_GEO_DIR'] = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
