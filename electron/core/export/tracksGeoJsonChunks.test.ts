import type { FeatureCollection, LineString, Point } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationState } from '../../../shared/state';
import { CHUNK_CHARS } from './batched';
import { collectChunks } from './collectChunks';
import { featureCollectionErrors } from './exportChecks';
import { exportFixture, HOSTILE, START, unitTracks, validPointsOf, type Tracks } from './exportFixtures';
import { tracksGeoJsonChunks } from './tracksGeoJsonChunks';
import type { ExportMeta, TrackPoint, UnitTrack } from './types';

interface TrackProperties {
  unitId: string;
  callsign: string;
  agency: string;
  country: string;
  kind: string;
  mode: string;
  pointCount: number;
  startAt: string;
  endAt: string;
  times: string[];
}
type TrackCollection = FeatureCollection<LineString | Point, TrackProperties> & {
  watchfloor: { mode: string };
};

let state: OperationState;
let tracks: Tracks;
let meta: ExportMeta;
let input: UnitTrack[];

beforeAll(() => {
  ({ state, tracks, meta } = exportFixture());
  input = unitTracks(state, tracks);
});

const read = (t: Iterable<UnitTrack>, m = meta): TrackCollection =>
  JSON.parse(collectChunks(tracksGeoJsonChunks(t, m))) as TrackCollection;

describe('tracksGeoJsonChunks', () => {
  it('is a valid FeatureCollection with the meta as `watchfloor`', () => {
    const collection = read(input);
    expect(featureCollectionErrors(collection)).toEqual([]);
    expect(collection.watchfloor.mode).toBe('exercise');
  });

  it('has one LineString per unit, coordinates and ISO times matching the recorded points', () => {
    const collection = read(input);
    const withPoints = input.filter((t) => validPointsOf(t).length >= 2);
    expect(withPoints.length).toBeGreaterThan(100);
    expect(collection.features).toHaveLength(withPoints.length);
    collection.features.forEach((feature, i) => {
      const track = withPoints[i]!;
      const points = validPointsOf(track);
      expect(feature.id).toBe(track.unit.unitId);
      expect(feature.geometry.type).toBe('LineString');
      expect(feature.geometry.coordinates).toEqual(points.map((p) => [p.lon, p.lat]));
      const { times, ...rest } = feature.properties;
      expect(times.map((t) => Date.parse(t))).toEqual(points.map((p) => p.ts));
      expect(times[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(rest).toEqual({
        operationId: 'JO-WB-11',
        mode: 'EXERCISE',
        unitId: track.unit.unitId,
        callsign: track.unit.callsign,
        agency: track.unit.agency,
        organisation: track.unit.organisation,
        country: track.unit.country,
        kind: track.unit.kind,
        pointCount: points.length,
        startAt: new Date(points[0]!.ts).toISOString(),
        endAt: new Date(points[points.length - 1]!.ts).toISOString(),
      });
    });
  });

  it('skips bad rows, keeps hostile callsigns as text, and negative longitudes as numbers', () => {
    const hostile = read(input).features.find((f) => f.id === 'U-HOSTILE')!;
    expect(hostile.properties.callsign).toBe(HOSTILE.callsign);
    expect(hostile.geometry.coordinates).toEqual([
      [-0.1, 0.2],
      [-0.0000002, 0.3],
      [0.2, -0.4],
    ]);
    expect(hostile.properties.times).toEqual([
      '2026-10-05T06:00:00.000Z',
      '2026-10-05T06:01:00.000Z',
      '2026-10-05T06:03:00.000Z',
    ]);
  });

  it('writes a Point for a unit with one point and nothing for a unit with none', () => {
    const [a, b, c] = input;
    const collection = read([
      { unit: a!.unit, points: [] },
      { unit: b!.unit, points: [{ ts: START, lon: -5.5, lat: 40 }] },
      { unit: c!.unit, points: [{ ts: Number.NaN, lon: 1, lat: 1 }] },
    ]);
    expect(featureCollectionErrors(collection)).toEqual([]);
    expect(collection.features).toHaveLength(1);
    expect(collection.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [-5.5, 40] });
    expect(collection.features[0]!.properties.times).toEqual(['2026-10-05T06:00:00.000Z']);
    expect(read([]).features).toEqual([]);
  });

  it('reads each track once, lazily, in chunks of bounded size', () => {
    let pulled = 0;
    function* lazy(n: number): Generator<TrackPoint> {
      for (let i = 0; i < n; i++) {
        pulled++;
        yield { ts: START + i * 1000, lon: 19 + i * 1e-5, lat: 45 };
      }
    }
    const chunks = tracksGeoJsonChunks([{ unit: input[0]!.unit, points: lazy(20_000) }], meta);
    const first = chunks.next();
    expect(first.done).toBe(false);
    expect(pulled).toBeLessThan(20_000);
    const rest = [...chunks];
    expect(pulled).toBe(20_000);
    for (const chunk of [first.value as string, ...rest])
      expect(chunk.length).toBeLessThan(CHUNK_CHARS + 100);
    const collection = JSON.parse((first.value as string) + rest.join('')) as TrackCollection;
    expect(collection.features[0]!.properties.pointCount).toBe(20_000);
  });
});
