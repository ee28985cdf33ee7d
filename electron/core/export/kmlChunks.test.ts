import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationState } from '../../../shared/state';
import { collectChunks } from './collectChunks';
import { parseXml, xmlProblems, xmlVisible } from './exportChecks';
import { exportFixture, HOSTILE, START, unitTracks, validPointsOf, type Tracks } from './exportFixtures';
import { kmlChunks, kmlColor, kmlDescription } from './kmlChunks';
import { ringArea2 } from './polygonRings';
import type { ExportMeta, TrackPoint, UnitTrack } from './types';

interface Placemark {
  name: string;
  description?: string;
  TimeStamp?: { when: string };
  TimeSpan?: { begin: string; end: string };
  styleUrl: string;
  ExtendedData: { Data: { '@name': string; value: string }[] };
  Point?: { coordinates: string };
  LineString?: { coordinates: string };
  Polygon?: {
    outerBoundaryIs: { LinearRing: { coordinates: string } };
    innerBoundaryIs?: { LinearRing: { coordinates: string } }[];
  };
}
interface Kml {
  kml: {
    '@xmlns': string;
    Document: {
      name: string;
      description: string;
      Style: { '@id': string; IconStyle?: { color: string }; PolyStyle?: { color: string } }[];
      Folder: { name: string; Placemark?: Placemark[] }[];
    };
  };
}

let state: OperationState;
let tracks: Tracks;
let meta: ExportMeta;
let input: UnitTrack[];
let xml: string;
let doc: Kml['kml']['Document'];

const read = (text: string): Kml =>
  parseXml(text, ['Placemark', 'Folder', 'Style', 'Data', 'innerBoundaryIs']) as Kml;
const positions = (coordinates: string): number[][] =>
  coordinates.split(' ').map((pair) => pair.split(',').map(Number));
const data = (p: Placemark, name: string): string | undefined =>
  p.ExtendedData.Data.find((d) => d['@name'] === name)?.value;

beforeAll(() => {
  ({ state, tracks, meta } = exportFixture());
  input = unitTracks(state, tracks);
  xml = collectChunks(kmlChunks(state, input, meta));
  doc = read(xml).kml.Document;
});

describe('kmlChunks', () => {
  it('is well-formed KML 2.2 with only XML characters, named EXERCISE', () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(read(xml).kml['@xmlns']).toBe('http://www.opengis.net/kml/2.2');
    expect(doc.name).toBe(`EXERCISE — ${xmlVisible(HOSTILE.operationName)} (JO-WB-11)`);
    expect(doc.description).toContain('EXERCISE — training data, not a real operation.');
    expect(doc.Folder.map((f) => f.name.replace(/ \(\d+\)$/, ''))).toEqual([
      'Incidents',
      'Sectors',
      'Unit tracks',
    ]);
  });

  it('has an incident Point per incident with its report time, priority style and description', () => {
    const placemarks = doc.Folder[0]!.Placemark!;
    expect(placemarks).toHaveLength(Object.keys(state.incidents).length);
    expect(doc.Folder[0]!.name).toBe(`Incidents (${placemarks.length})`);
    for (const p of placemarks) {
      const incident = state.incidents[data(p, 'incidentId')!]!;
      expect(p.name).toBe(`[EXERCISE] P${incident.priority} ${xmlVisible(incident.title)}`);
      expect(Date.parse(p.TimeStamp!.when)).toBe(incident.reportedAt);
      expect(p.styleUrl).toBe(`#incident-p${incident.priority}`);
      expect(positions(p.Point!.coordinates)).toEqual([[incident.lon, incident.lat]]);
      expect(data(p, 'mode')).toBe('EXERCISE');
      expect(p.description).toContain(`<b>incidentId:</b> ${incident.incidentId}`);
    }
  });

  it('escapes hostile text twice in descriptions, which Google Earth renders as HTML', () => {
    const p = doc.Folder[0]!.Placemark!.find((x) => data(x, 'incidentId') === 'INC-HOSTILE-1')!;
    expect(p.name).toBe(`[EXERCISE] P1 ${xmlVisible(HOSTILE.title)}`);
    // After the XML layer the description is HTML in which the hostile markup is still only text.
    expect(p.description).not.toContain('<script>');
    expect(p.description).not.toContain('<img');
    expect(p.description).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(p.description).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; ]]&gt;');
    expect(p.description).toContain('<b>outcome:</b> @SUM(1+1)*cmd|&apos; /C calc&apos;!A0');
    expect(p.description).toContain('+cmd|&apos; /C calc&apos;!A0<br/>second line');
    expect(p.description).toContain('Кириллица и «кавычки»');
    expect(
      kmlDescription([
        ['a', '<i>'],
        ['empty', null],
        ['n', -1.5],
      ]),
    ).toBe(
      '<description>&lt;b&gt;a:&lt;/b&gt; &amp;lt;i&amp;gt;&lt;br/&gt;&lt;b&gt;n:&lt;/b&gt; -1.5</description>',
    );
  });

  it('has a sector Polygon per sector, counter-clockwise and closed, styled by impact level', () => {
    const placemarks = doc.Folder[1]!.Placemark!;
    expect(placemarks).toHaveLength(Object.keys(state.sectors).length);
    for (const p of placemarks) {
      const sector = state.sectors[data(p, 'sectorId')!]!;
      expect(p.styleUrl).toBe(`#sector-${sector.impactLevel}`);
      expect(p.name).toBe(`[EXERCISE] ${xmlVisible(sector.name)} (${sector.impactLevel})`);
      const outer = positions(p.Polygon!.outerBoundaryIs.LinearRing.coordinates);
      expect(outer[0]).toEqual(outer[outer.length - 1]);
      expect(ringArea2(outer)).toBeGreaterThan(0);
      expect(p.Polygon!.innerBoundaryIs?.length ?? 0).toBe(sector.corridor.length - 1);
    }
    const hostile = placemarks.find((p) => data(p, 'sectorId') === 'X-HOSTILE')!;
    expect(hostile.styleUrl).toBe('#sector-critical');
    const hole = positions(hostile.Polygon!.innerBoundaryIs![0]!.LinearRing.coordinates);
    expect(hole).toHaveLength(5);
    expect(ringArea2(hole)).toBeLessThan(0);
  });

  it('defines every style it uses, in KML colours from the map’s colour table', () => {
    const ids = new Set(doc.Style.map((s) => `#${s['@id']}`));
    for (const folder of doc.Folder)
      for (const p of folder.Placemark ?? []) expect(ids).toContain(p.styleUrl);
    expect(kmlColor('#ff3b30')).toBe('ff303bff');
    expect(kmlColor('#3FA34D', 0x55)).toBe('554da33f');
    expect(() => kmlColor('red')).toThrow(RangeError);
    expect(doc.Style.find((s) => s['@id'] === 'incident-p1')!.IconStyle!.color).toBe('ff303bff');
    expect(doc.Style.find((s) => s['@id'] === 'sector-critical')!.PolyStyle!.color).toBe(
      kmlColor('#d6336c', 0x55),
    );
  });

  it('has a track LineString per unit with a TimeSpan from first to last point', () => {
    const placemarks = doc.Folder[2]!.Placemark!;
    const withPoints = input.filter((t) => validPointsOf(t).length > 0);
    expect(placemarks).toHaveLength(withPoints.length);
    placemarks.forEach((p, i) => {
      const track = withPoints[i]!;
      const points = validPointsOf(track);
      expect(data(p, 'unitId')).toBe(track.unit.unitId);
      expect(p.name).toBe(`[EXERCISE] ${xmlVisible(track.unit.callsign)}`);
      expect(p.styleUrl).toBe(`#track-${track.unit.agency}`);
      expect(Date.parse(p.TimeSpan!.begin)).toBe(points[0]!.ts);
      expect(Date.parse(p.TimeSpan!.end)).toBe(points[points.length - 1]!.ts);
      expect(positions(p.LineString!.coordinates)).toEqual(points.map((q) => [q.lon, q.lat]));
    });
  });

  it('splits a track longer than a part into parts that share their joining point', () => {
    const points: TrackPoint[] = Array.from({ length: 2500 }, (_, i) => ({
      ts: START + i * 1000,
      lon: -1 + i * 1e-4,
      lat: 45,
    }));
    const unit = input[0]!.unit;
    const text = collectChunks(
      kmlChunks({ ...state, incidents: {}, sectors: {} }, [{ unit, points }], meta, 1000),
    );
    expect(xmlProblems(text)).toEqual([]);
    const parts = read(text).kml.Document.Folder[2]!.Placemark!;
    expect(parts.map((p) => p.name)).toEqual([1, 2, 3].map((n) => `[EXERCISE] ${unit.callsign} (part ${n})`));
    const coords = parts.map((p) => positions(p.LineString!.coordinates));
    expect(coords.map((c) => c.length)).toEqual([1000, 1000, 502]);
    expect(coords[1]![0]).toEqual(coords[0]![999]);
    expect(coords[2]![0]).toEqual(coords[1]![999]);
    expect(parts[0]!.TimeSpan!.end).toBe(parts[1]!.TimeSpan!.begin);
    expect(Date.parse(parts[2]!.TimeSpan!.end)).toBe(points[2499]!.ts);
    const joined = [coords[0]!, ...coords.slice(1).map((c) => c.slice(1))].flat();
    expect(joined).toEqual(points.map((p) => [p.lon, p.lat]));
    // Exactly one part's worth stays one placemark without a part number.
    const exact = read(
      collectChunks(kmlChunks(state, [{ unit, points: points.slice(0, 1000) }], meta, 1000)),
    );
    expect(exact.kml.Document.Folder[2]!.Placemark!.map((p) => p.name)).toEqual([
      `[EXERCISE] ${unit.callsign}`,
    ]);
  });

  it('writes a one-point unit as a Point with a TimeStamp, and nothing for a live operation’s names', () => {
    const unit = input[0]!.unit;
    const text = collectChunks(
      kmlChunks(state, [{ unit, points: [{ ts: START, lon: 20, lat: 44 }] }], { ...meta, mode: 'live' }),
    );
    const live = read(text).kml.Document;
    expect(live.name.startsWith('LIVE — ')).toBe(true);
    const [p] = live.Folder[2]!.Placemark!;
    expect(p!.name).toBe(unit.callsign);
    expect(p!.TimeStamp!.when).toBe('2026-10-05T06:00:00.000Z');
    expect(p!.Point!.coordinates).toBe('20,44');
    expect(live.Folder[0]!.Placemark![0]!.name).toMatch(/^P\d /);
  });

  it('refuses a part size under two points', () => {
    expect(() => kmlChunks(state, [], meta, 1)).toThrow(RangeError);
  });
});
