import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { buildMapStyle } from './mapStyle';
import { mbtilesStyleParts, REGIONAL_PREFIX, remoteStyleParts } from './regionalBasemap';

const ORIGIN = 'http://127.0.0.1:4100';

/** The built-in style with the centre's parts put under its country areas, as the map does it. */
function withParts(parts: ReturnType<typeof remoteStyleParts>): StyleSpecification {
  const style = buildMapStyle();
  const at = style.layers.findIndex((l) => l.id === 'countries-fill');
  return {
    ...style,
    sources: { ...style.sources, ...parts.sources },
    layers: [...style.layers.slice(0, at), ...parts.layers, ...style.layers.slice(at)],
  };
}

describe("the centre's basemap in the style", () => {
  it("draws every vector layer of a tile file from the page's own host, a valid style", () => {
    const parts = mbtilesStyleParts(
      {
        kind: 'mbtiles',
        revision: 3,
        name: 'Region',
        format: 'pbf',
        vectorLayers: ['water', 'roads'],
        minzoom: 0,
        maxzoom: 14,
        bounds: [18, 40, 24, 46],
      },
      ORIGIN,
    );
    expect(parts.sources[`${REGIONAL_PREFIX}tiles`]).toEqual({
      type: 'vector',
      tiles: [`${ORIGIN}/basemap/tiles/{z}/{x}/{y}?v=3`],
      minzoom: 0,
      maxzoom: 14,
      bounds: [18, 40, 24, 46],
    });
    expect(parts.layers.map((l) => l.id)).toEqual([
      'regional:water:fill',
      'regional:water:line',
      'regional:water:point',
      'regional:roads:fill',
      'regional:roads:line',
      'regional:roads:point',
    ]);
    expect(validateStyleMin(withParts(parts))).toEqual([]);
  });

  it('draws a raster tile file as one raster layer', () => {
    const parts = mbtilesStyleParts(
      {
        kind: 'mbtiles',
        revision: 1,
        name: 'R',
        format: 'png',
        vectorLayers: [],
        minzoom: 0,
        maxzoom: 9,
        bounds: null,
      },
      ORIGIN,
    );
    expect(parts.sources[`${REGIONAL_PREFIX}tiles`]).toMatchObject({ type: 'raster', tileSize: 256 });
    expect(parts.layers).toEqual([{ id: 'regional:raster', type: 'raster', source: 'regional:tiles' }]);
    expect(validateStyleMin(withParts(parts))).toEqual([]);
  });

  it("renames an on-premises style's sources and layers so they never replace the built-in ones", () => {
    const parts = remoteStyleParts({
      version: 8,
      sources: { countries: { type: 'vector', tiles: ['https://maps.centre.internal/t/{z}/{x}/{y}.pbf'] } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#102030' } },
        { id: 'borders', type: 'line', source: 'countries', 'source-layer': 'admin' },
      ],
    });
    expect(Object.keys(parts.sources)).toEqual(['regional:countries']);
    expect(parts.layers.map((l) => [l.id, 'source' in l ? l.source : null])).toEqual([
      ['regional:background', null],
      ['regional:borders', 'regional:countries'],
    ]);
    const style = withParts(parts);
    expect(validateStyleMin(style)).toEqual([]);
    // The built-in borders are still there, drawn after (over) the centre's.
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('borders')).toBeGreaterThan(ids.indexOf('regional:borders'));
  });
});
