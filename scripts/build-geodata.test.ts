import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../simulator/findRepoRoot';
import { extractBasemap, GEO_BBOX, type BasemapLayers } from './build-geodata';

const sourceDir = join(findRepoRoot(), 'data', 'natural-earth');
const [west, south, east, north] = GEO_BBOX;

function everyVertex(layers: BasemapLayers): [number, number][] {
  const out: [number, number][] = [];
  for (const f of layers.rivers.features)
    for (const line of f.geometry.coordinates) for (const [x = NaN, y = NaN] of line) out.push([x, y]);
  for (const f of layers.lakes.features)
    for (const poly of f.geometry.coordinates)
      for (const ring of poly) for (const [x = NaN, y = NaN] of ring) out.push([x, y]);
  for (const p of [...layers.places, ...layers.airports, ...layers.ports, ...layers.physical])
    out.push([p.lon, p.lat]);
  return out;
}

/** A copy of the Natural Earth files with one replaced, to feed the extraction bad input. */
let scratch: string | null = null;
function withFile(name: string, content: string): string {
  scratch = mkdtempSync(join(tmpdir(), 'ne-'));
  for (const f of readdirSync(sourceDir)) copyFileSync(join(sourceDir, f), join(scratch, f));
  writeFileSync(join(scratch, name), content);
  return scratch;
}
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

describe('extractBasemap', () => {
  const layers = extractBasemap(sourceDir);

  it('keeps the border rivers, named, with their lines inside the region', () => {
    for (const river of ['Sava', 'Drina', 'Danube']) {
      const found = layers.rivers.features.filter((f) => f.properties.name === river);
      expect(found.length, river).toBeGreaterThan(0);
      const vertices = found.flatMap((f) => f.geometry.coordinates.flat());
      // Long enough to be the river, not a stub: the Danube alone crosses the whole region.
      expect(vertices.length, river).toBeGreaterThan(50);
    }
    // A headwater line keeps the rivers it runs on into, so the Drina can be found from the Lim.
    expect(layers.rivers.features.find((f) => f.properties.name === 'Lim')?.properties.names).toEqual([
      'Lim',
      'Drina',
    ]);
  });

  it('clips and rounds every coordinate to the region, 4 decimals', () => {
    const vertices = everyVertex(layers);
    expect(vertices.length).toBeGreaterThan(5000);
    for (const [lon, lat] of vertices) {
      expect(lon).toBeGreaterThanOrEqual(west);
      expect(lon).toBeLessThanOrEqual(east);
      expect(lat).toBeGreaterThanOrEqual(south);
      expect(lat).toBeLessThanOrEqual(north);
      expect(Math.round(lon * 1e4) / 1e4).toBe(lon);
      expect(Math.round(lat * 1e4) / 1e4).toBe(lat);
    }
  });

  it('names the lakes, capitals, airports, ports and physical features an officer orients by', () => {
    const lakes = layers.lakes.features.map((f) => f.properties.name);
    expect(lakes).toEqual(expect.arrayContaining(['Lake Skadar', 'Lake Ohrid', 'Lake Prespa']));
    const capitals = layers.places.filter((p) => p.capital).map((p) => p.name);
    expect(capitals).toEqual(
      expect.arrayContaining(['Belgrade', 'Sarajevo', 'Podgorica', 'Tirana', 'Skopje']),
    );
    // Both spellings of a place are kept: the local name first, the English one beside it.
    expect(layers.places.find((p) => p.name === 'Pec')?.names).toEqual(['Pejë']);
    expect(layers.airports.map((a) => a.code)).toEqual(
      expect.arrayContaining(['BEG', 'SJJ', 'TGD', 'SKP', 'PRN', 'TIA']),
    );
    expect(layers.ports.length).toBeGreaterThan(20);
    expect(layers.physical.find((p) => p.name === 'Durmitor')).toMatchObject({
      kind: 'peak',
      elevation: 2522,
    });
    expect(layers.physical.find((p) => p.name === 'Adriatic Sea')?.kind).toBe('sea');
    expect(layers.physical.find((p) => p.name === 'Dinaric Alps')?.kind).toBe('range');
  });

  it('cuts a line that leaves the region at the region edge', () => {
    const dir = withFile(
      'rivers.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Test', scalerank: 5 },
            geometry: {
              type: 'LineString',
              coordinates: [
                [20, 44],
                [20, 60],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { name: 'Outside', scalerank: 5 },
            geometry: {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
          },
        ],
      }),
    );
    const rivers = extractBasemap(dir).rivers.features;
    expect(rivers.map((f) => f.properties.name)).toEqual(['Test']);
    expect(rivers[0]?.geometry.coordinates).toEqual([
      [
        [20, 44],
        [20, north],
      ],
    ]);
  });

  it('names the file and the fault when the source is not what it should be', () => {
    expect(() => extractBasemap(withFile('lakes.geojson', '{"type":"Feature"'))).toThrow(/lakes\.geojson/);
    rmSync(scratch!, { recursive: true, force: true });
    expect(() =>
      extractBasemap(
        withFile(
          'airports.geojson',
          JSON.stringify({
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: {}, geometry: null }],
          }),
        ),
      ),
    ).toThrow(/airports\.geojson: feature 0 has geometry undefined, expected Point/);
  });
});
