import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationState } from '../../../shared/state';
import { collectChunks } from './collectChunks';
import { parseXml, xmlProblems, xmlVisible } from './exportChecks';
import { exportFixture, HOSTILE, START, unitTracks, validPointsOf, type Tracks } from './exportFixtures';
import { tracksGpxChunks } from './tracksGpxChunks';
import type { ExportMeta, UnitTrack } from './types';

interface Gpx {
  gpx: {
    '@version': string;
    '@xmlns': string;
    metadata: { name: string; desc: string; time: string; keywords: string };
    trk?: {
      name: string;
      desc: string;
      type: string;
      trkseg: { trkpt?: { '@lat': string; '@lon': string; time: string }[] }[];
    }[];
  };
}

let state: OperationState;
let tracks: Tracks;
let meta: ExportMeta;
let input: UnitTrack[];
let xml: string;
let parsed: Gpx['gpx'];

beforeAll(() => {
  ({ state, tracks, meta } = exportFixture());
  input = unitTracks(state, tracks);
  xml = collectChunks(tracksGpxChunks(input, meta));
  parsed = read(xml).gpx;
});

const read = (text: string): Gpx => parseXml(text, ['trk', 'trkseg', 'trkpt']) as Gpx;

describe('tracksGpxChunks', () => {
  it('is well-formed GPX 1.1 with only XML characters', () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1"')).toBe(true);
    const gpx = parsed;
    expect(gpx['@version']).toBe('1.1');
    expect(gpx['@xmlns']).toBe('http://www.topografix.com/GPX/1/1');
  });

  it('says EXERCISE in the name, description and keywords, and the window in the description', () => {
    const { metadata } = parsed;
    expect(metadata.name).toBe(`EXERCISE — ${xmlVisible(HOSTILE.operationName)} (JO-WB-11)`);
    expect(metadata.desc).toContain('EXERCISE — training data, not a real operation.');
    expect(metadata.desc).toContain('Window: 2026-10-05T06:00:00.000Z to 2026-10-05T09:00:00.000Z.');
    expect(metadata.time).toBe('2026-10-05T09:00:05.000Z');
    expect(metadata.keywords).toBe('Watchfloor, EXERCISE');
    const live = read(collectChunks(tracksGpxChunks(input.slice(0, 1), { ...meta, mode: 'live' }))).gpx;
    expect(live.metadata.name.startsWith('LIVE — ')).toBe(true);
    expect(live.trk![0]!.name).toBe(input[0]!.unit.callsign);
  });

  it('has one trk with one trkseg per unit, every trkpt with its lat, lon and time', () => {
    const trks = parsed.trk!;
    const withPoints = input.filter((t) => validPointsOf(t).length > 0);
    expect(trks).toHaveLength(withPoints.length);
    let total = 0;
    trks.forEach((trk, i) => {
      const track = withPoints[i]!;
      const points = validPointsOf(track);
      expect(trk.name).toBe(`[EXERCISE] ${xmlVisible(track.unit.callsign)}`);
      expect(trk.type).toBe(track.unit.kind);
      expect(trk.desc).toContain(track.unit.unitId);
      expect(trk.trkseg).toHaveLength(1);
      const trkpts = trk.trkseg[0]!.trkpt!;
      expect(trkpts.map((p) => [Number(p['@lon']), Number(p['@lat']), Date.parse(p.time)])).toEqual(
        points.map((p) => [p.lon, p.lat, p.ts]),
      );
      total += trkpts.length;
    });
    expect(total).toBe(input.reduce((n, t) => n + validPointsOf(t).length, 0));
    expect(total).toBeGreaterThan(1000);
  });

  it('escapes the hostile callsign, drops its control character, and writes tiny longitudes without exponent', () => {
    expect(xml).not.toContain('<b>');
    const trk = parsed.trk!.find((t) => t.desc.includes('U-HOSTILE'))!;
    expect(trk.name).toBe(`[EXERCISE] <b>Кобра-1</b> & "co" `);
    expect(trk.desc).toBe('customs, Carina <RS>, RS, vehicle (U-HOSTILE)');
    expect(trk.trkseg[0]!.trkpt!.map((p) => p['@lon'])).toEqual(['-0.1', '-0.0000002', '0.2']);
  });

  it('writes no trk for a unit without points and an empty gpx for no tracks', () => {
    const text = collectChunks(
      tracksGpxChunks([{ unit: input[0]!.unit, points: [{ ts: START, lon: 999, lat: 0 }] }], meta),
    );
    expect(xmlProblems(text)).toEqual([]);
    expect(read(text).gpx.trk).toBeUndefined();
  });
});
