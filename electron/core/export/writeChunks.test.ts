import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection, LineString } from 'geojson';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperationState, Unit } from '../../../shared/state';
import { batched } from './batched';
import { collectChunks } from './collectChunks';
import { parseXml, xmlProblems } from './exportChecks';
import { exportFixture, START } from './exportFixtures';
import { kmlChunks } from './kmlChunks';
import { tracksGeoJsonChunks } from './tracksGeoJsonChunks';
import { tracksGpxChunks } from './tracksGpxChunks';
import type { ExportMeta, TrackPoint, UnitTrack } from './types';
import { writeChunks } from './writeChunks';

const UNITS = 100;
const POINTS_PER_UNIT = 2_000;

let dir: string;
let units: Unit[];
let meta: ExportMeta;
let state: OperationState;

/** A unit's synthetic track: a lazy generator, as the store would give it, readable once. */
function* lazyPoints(u: number): Generator<TrackPoint> {
  for (let i = 0; i < POINTS_PER_UNIT; i++) {
    yield { ts: START + i * 10_000, lon: -2 + u * 0.01 + i * 1e-5, lat: 44 + Math.sin(i / 100) * 0.01 };
  }
}
const pointAt = (u: number, i: number): [number, number, number] => [
  -2 + u * 0.01 + i * 1e-5,
  44 + Math.sin(i / 100) * 0.01,
  START + i * 10_000,
];

/** ~200k points in all, generated as they are read. */
function* lazyTracks(): Generator<UnitTrack> {
  for (let u = 0; u < UNITS; u++) yield { unit: units[u]!, points: lazyPoints(u) };
}

beforeAll(() => {
  const fixture = exportFixture(1, UNITS);
  units = Object.values(fixture.state.units)
    .sort((a, b) => (a.unitId < b.unitId ? -1 : 1))
    .slice(0, UNITS);
  expect(units).toHaveLength(UNITS);
  meta = fixture.meta;
  state = fixture.state;
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeChunks', () => {
  it('streams 200k points of GeoJSON to a file that parses back point for point', async () => {
    const path = join(dir, 'tracks.geojson');
    const bytes = await writeChunks(tracksGeoJsonChunks(lazyTracks(), meta), path);
    expect(bytes).toBe(statSync(path).size);
    const collection = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<
      LineString,
      { times: string[] }
    >;
    expect(collection.features).toHaveLength(UNITS);
    let count = 0;
    collection.features.forEach((feature, u) => {
      const { coordinates } = feature.geometry;
      expect(coordinates).toHaveLength(POINTS_PER_UNIT);
      expect(feature.properties.times).toHaveLength(POINTS_PER_UNIT);
      for (const i of [0, 1, 999, POINTS_PER_UNIT - 1]) {
        const [lon, lat, ts] = pointAt(u, i);
        expect(coordinates[i]).toEqual([lon, lat]);
        expect(Date.parse(feature.properties.times[i]!)).toBe(ts);
      }
      count += coordinates.length;
    });
    expect(count).toBe(UNITS * POINTS_PER_UNIT);
    expect(readdirSync(dir)).toEqual(['tracks.geojson']);
  });

  it('streams 200k points of GPX to a well-formed file with every trkpt', async () => {
    const path = join(dir, 'tracks.gpx');
    const bytes = await writeChunks(tracksGpxChunks(lazyTracks(), meta), path);
    const text = readFileSync(path, 'utf8');
    expect(bytes).toBe(Buffer.byteLength(text));
    expect(xmlProblems(text)).toEqual([]);
    const gpx = parseXml(text, ['trk', 'trkpt']) as {
      gpx: { trk: { trkseg: { trkpt: { '@lat': string; '@lon': string; time: string }[] } }[] };
    };
    expect(gpx.gpx.trk).toHaveLength(UNITS);
    let count = 0;
    gpx.gpx.trk.forEach((trk, u) => {
      const trkpts = trk.trkseg.trkpt;
      expect(trkpts).toHaveLength(POINTS_PER_UNIT);
      const [lon, lat, ts] = pointAt(u, POINTS_PER_UNIT - 1);
      const last = trkpts[POINTS_PER_UNIT - 1]!;
      expect([Number(last['@lon']), Number(last['@lat']), Date.parse(last.time)]).toEqual([lon, lat, ts]);
      count += trkpts.length;
    });
    expect(count).toBe(UNITS * POINTS_PER_UNIT);
  });

  it('streams 200k points of KML to a well-formed file', async () => {
    const path = join(dir, 'operation.kml');
    await writeChunks(kmlChunks(state, lazyTracks(), meta), path);
    const text = readFileSync(path, 'utf8');
    expect(xmlProblems(text)).toEqual([]);
    const kml = parseXml(text, ['Folder', 'Placemark']) as {
      kml: { Document: { Folder: { Placemark: { LineString: { coordinates: string } }[] }[] } };
    };
    const tracks = kml.kml.Document.Folder[2]!.Placemark;
    expect(tracks).toHaveLength(UNITS);
    expect(tracks.reduce((n, p) => n + p.LineString.coordinates.split(' ').length, 0)).toBe(
      UNITS * POINTS_PER_UNIT,
    );
  });

  it('pulls chunks only as fast as the file takes them', async () => {
    const chunk = 'x'.repeat(1 << 20);
    const path = join(dir, 'big.txt');
    let pulled = 0;
    let maxAhead = 0;
    function* source(): Generator<string> {
      for (let i = 0; i < 100; i++) {
        const partial = readdirSync(dir).find((f) => f.endsWith('.partial'));
        const written = partial === undefined ? 0 : statSync(join(dir, partial)).size;
        maxAhead = Math.max(maxAhead, pulled - written);
        pulled += chunk.length;
        yield chunk;
      }
    }
    expect(await writeChunks(source(), path)).toBe(100 * chunk.length);
    expect(statSync(path).size).toBe(100 * chunk.length);
    // Without backpressure all 100 MiB would be pulled before the first byte reached the file.
    expect(maxAhead).toBeLessThan(40 * chunk.length);
  });

  it('removes the partial file and keeps an earlier export when the source fails', async () => {
    const path = join(dir, 'tracks.gpx');
    writeFileSync(path, 'earlier export');
    function* failing(): Generator<string> {
      yield 'a'.repeat(100_000);
      yield 'b'.repeat(100_000);
      throw new Error('store read failed');
    }
    await expect(writeChunks(failing(), path)).rejects.toThrow('store read failed');
    expect(readdirSync(dir)).toEqual(['tracks.gpx']);
    expect(readFileSync(path, 'utf8')).toBe('earlier export');
  });

  it('rejects, leaving nothing, when the file cannot be written', async () => {
    await expect(writeChunks(['x'], join(dir, 'missing', 'x.csv'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('counts bytes, not characters', async () => {
    const path = join(dir, 'utf8.csv');
    expect(await writeChunks(['Граница', ' 😀'], path)).toBe(Buffer.byteLength('Граница 😀'));
  });
});

describe('collectChunks and batched', () => {
  it('joins chunks into one string', () => {
    expect(collectChunks(['a', '', 'bc'])).toBe('abc');
    expect(collectChunks([])).toBe('');
  });

  it('batches small parts into chunks of about the given size, losing nothing', () => {
    const parts = Array.from({ length: 1000 }, (_, i) => `${i},`);
    const chunks = [...batched(parts, 100)];
    expect(chunks.join('')).toBe(parts.join(''));
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(100);
    for (const c of chunks) expect(c.length).toBeLessThan(104);
    expect([...batched([], 100)]).toEqual([]);
  });
});
