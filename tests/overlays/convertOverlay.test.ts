import { DOMParser } from '@xmldom/xmldom';
import { zipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertOverlayFile, type ParseXml } from '../../renderer/src/overlays/convertOverlay';
import { OVERLAY_LIMITS, OverlayRefusal, type OverlayProblem } from '../../shared/overlay';

// The page parses with the browser's DOMParser; here @xmldom/xmldom (the parser togeojson's own
// tests use, present through electron-builder) stands in, strict: any error is a refusal.
const parseXml: ParseXml = (text) =>
  new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') throw new Error(String(message));
    },
  }).parseFromString(text, 'application/xml');

const FIXTURES = join(process.cwd(), 'tests/fixtures/overlays');
const open = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

function refusal(name: string, bytes = open(name)): OverlayProblem {
  try {
    convertOverlayFile(name, bytes, parseXml);
  } catch (error) {
    if (error instanceof OverlayRefusal) return error.problem;
    throw error;
  }
  throw new Error(`${name} was not refused`);
}

describe('overlay files', () => {
  it('reads a KML: points, lines, areas and a MultiGeometry split into its parts, names as plain text', () => {
    const { name, format, collection } = convertOverlayFile(
      'border-posts.kml',
      open('border-posts.kml'),
      parseXml,
    );
    expect(name).toBe('border-posts.kml');
    expect(format).toBe('kml');
    expect(collection.features.map((f) => [f.geometry.type, f.properties.name])).toEqual([
      ['Point', 'Post Horgoš'],
      ['LineString', 'Patrol road Kelebija'],
      ['Polygon', 'Search area Subotica'],
      ['Point', 'Tower and track'],
      ['LineString', 'Tower and track'],
    ]);
    expect(collection.features[0]!.geometry.coordinates).toEqual([19.9706, 46.1547]);
    // The description's markup is dropped, never drawn as markup.
    expect(collection.features[0]!.properties.description).toBe('Joint patrol meeting point');
  });

  it('reads the KML inside a KMZ', () => {
    const { format, collection } = convertOverlayFile('border-posts.kmz', open('border-posts.kmz'), parseXml);
    expect(format).toBe('kmz');
    expect(collection.features).toHaveLength(5);
  });

  it('reads a GPX: waypoints and tracks, heights dropped', () => {
    const { collection } = convertOverlayFile('patrol.gpx', open('patrol.gpx'), parseXml);
    const byName = Object.fromEntries(collection.features.map((f) => [f.properties.name ?? '', f] as const));
    expect(byName['Night patrol Lojane']!.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [21.66, 42.26],
        [21.67, 42.265],
        [21.68, 42.27],
      ],
    });
    expect(byName['Rendezvous Tabanovce']!.properties.description).toBe('K9 handover');
  });

  it('reads GeoJSON, dropping features without geometry', () => {
    const { format, collection } = convertOverlayFile(
      'river-sectors.geojson',
      open('river-sectors.geojson'),
      parseXml,
    );
    expect(format).toBe('geojson');
    expect(collection.features.map((f) => f.properties.name)).toEqual(['Drina crossing point', 'Drina bank']);
  });

  it('knows a file by its first bytes when its name has no known extension', () => {
    expect(convertOverlayFile('export', open('border-posts.kmz'), parseXml).format).toBe('kmz');
    expect(convertOverlayFile('export', open('patrol.gpx'), parseXml).collection.features).toHaveLength(2);
  });

  it('refuses bad files, each with its reason', () => {
    expect(refusal('empty.kml')).toBe('empty');
    expect(refusal('not-xml.kml')).toBe('notXml');
    expect(refusal('no-features.kml')).toBe('noFeatures');
    expect(refusal('no-kml.kmz')).toBe('noKmlInZip');
    expect(refusal('nan-coordinates.kml')).toBe('badCoordinates');
    expect(refusal('billion-laughs.kml')).toBe('entities');
    expect(refusal('big.kml', new Uint8Array(OVERLAY_LIMITS.maxBytes + 1))).toBe('tooBig');
    expect(refusal('notes.txt', strToU8('just some notes'))).toBe('unknownFormat');
    expect(refusal('broken.kmz', strToU8('PK\u0003\u0004 not really a zip'))).toBe('badZip');
    expect(refusal('x.geojson', strToU8('{"type": "FeatureCollection", "features": ['))).toBe('notGeoJson');
    expect(refusal('x.kml', strToU8('<html><body>a web page</body></html>'))).toBe('notKml');
  });

  it('refuses positions off the globe and text where numbers belong', () => {
    const fc = (coordinates: unknown): Uint8Array =>
      strToU8(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } }));
    expect(refusal('a.geojson', fc([181, 45]))).toBe('badCoordinates');
    expect(refusal('a.geojson', fc([20, -91]))).toBe('badCoordinates');
    expect(refusal('a.geojson', fc(['20', 45]))).toBe('badCoordinates');
    expect(refusal('a.geojson', fc([null, 45]))).toBe('badCoordinates');
  });

  it('refuses a zip whose KML would inflate past the cap, before inflating it', () => {
    // 30 MB of one byte compresses to a few tens of kilobytes.
    const bomb = zipSync({ 'doc.kml': new Uint8Array(30 * 1024 * 1024).fill(32) }, { level: 9 });
    expect(bomb.length).toBeLessThan(OVERLAY_LIMITS.maxBytes);
    expect(refusal('bomb.kmz', bomb)).toBe('tooBig');
  });

  it('refuses more features or positions than the caps', () => {
    const points = (n: number): Uint8Array =>
      strToU8(
        JSON.stringify({
          type: 'FeatureCollection',
          features: Array.from({ length: n }, (_, i) => ({
            type: 'Feature',
            properties: {},
            geometry: { type: 'Point', coordinates: [20 + (i % 100) / 1000, 45] },
          })),
        }),
      );
    expect(refusal('many.geojson', points(OVERLAY_LIMITS.maxFeatures + 1))).toBe('tooManyFeatures');
    expect(
      convertOverlayFile('ok.geojson', points(OVERLAY_LIMITS.maxFeatures), parseXml).collection.features,
    ).toHaveLength(OVERLAY_LIMITS.maxFeatures);
    const line = strToU8(
      JSON.stringify({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: OVERLAY_LIMITS.maxVertices + 1 }, () => [20, 45]),
        },
      }),
    );
    expect(refusal('long.geojson', line)).toBe('tooManyVertices');
  });
});
