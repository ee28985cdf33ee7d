import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { BASEMAP_COLORS, ORIENTATION_COLORS } from './colors';
import {
  BORDERS_SOURCE,
  buildMapStyle,
  COUNTRIES_SOURCE,
  LAKES_SOURCE,
  ORIENTATION_STYLE_LAYERS,
  PARTICIPATING_COUNTRIES,
  RIVERS_SOURCE,
} from './mapStyle';

const countries: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: 'AL', name: 'Albania' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [19, 40],
            [21, 40],
            [21, 42],
            [19, 40],
          ],
        ],
      },
    },
  ],
};

const borders: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { countries: ['AL', 'GR'] },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [20, 40],
            [21, 40.5],
          ],
        ],
      },
    },
  ],
};

/** Every string anywhere in the style, to look for URLs however deeply they hide. */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

describe('buildMapStyle', () => {
  for (const [label, style] of [
    ['without data', buildMapStyle()],
    ['with data', buildMapStyle({ countries, borders })],
  ] as const) {
    describe(label, () => {
      it('is a valid maplibre style', () => {
        expect(validateStyleMin(style)).toEqual([]);
      });

      it('needs no network: no URL, no glyphs, no sprite', () => {
        expect(allStrings(style).filter((s) => /^(https?|mapbox|pmtiles):/i.test(s))).toEqual([]);
        expect(style).not.toHaveProperty('glyphs');
        expect(style).not.toHaveProperty('sprite');
        for (const source of Object.values(style.sources)) {
          expect(source).not.toHaveProperty('url');
          expect(source).not.toHaveProperty('tiles');
          if (source.type === 'geojson') expect(typeof source.data).toBe('object');
        }
      });

      it('has no symbol layers (they would need glyphs)', () => {
        expect(style.layers.filter((l) => l.type === 'symbol')).toEqual([]);
      });

      it('draws sea, country areas and borders from the local sources', () => {
        const byId = new Map(style.layers.map((l) => [l.id, l]));
        expect(byId.get('background')).toMatchObject({ paint: { 'background-color': BASEMAP_COLORS.sea } });
        expect(byId.get('countries-fill')).toMatchObject({ type: 'fill', source: COUNTRIES_SOURCE });
        expect(byId.get('borders')).toMatchObject({
          type: 'line',
          source: BORDERS_SOURCE,
          paint: { 'line-width': 1.2 },
        });
      });

      it('lights up the participating countries', () => {
        const fill = style.layers.find((l) => l.id === 'countries-fill');
        const text = JSON.stringify(fill);
        for (const code of PARTICIPATING_COUNTRIES) expect(text).toContain(`"${code}"`);
        expect(text).toContain(BASEMAP_COLORS.participatingLand);
      });
    });
  }

  it('puts the given data into the sources', () => {
    const style = buildMapStyle({ countries, borders });
    expect(style.sources[COUNTRIES_SOURCE]).toMatchObject({ type: 'geojson', data: countries });
    expect(style.sources[BORDERS_SOURCE]).toMatchObject({ type: 'geojson', data: borders });
  });

  it('draws rivers and lakes under the borders, and hides them when the basemap is switched off', () => {
    const style = buildMapStyle({ rivers: borders, lakes: countries });
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources[RIVERS_SOURCE]).toMatchObject({ type: 'geojson', data: borders });
    expect(style.sources[LAKES_SOURCE]).toMatchObject({ type: 'geojson', data: countries });
    const order = style.layers.map((l) => l.id);
    for (const id of ORIENTATION_STYLE_LAYERS) {
      expect(order.indexOf(id)).toBeGreaterThan(order.indexOf('countries-fill'));
      expect(order.indexOf(id)).toBeLessThan(order.indexOf('borders'));
    }
    expect(style.layers.find((l) => l.id === 'rivers')).toMatchObject({
      type: 'line',
      source: RIVERS_SOURCE,
      paint: { 'line-color': ORIENTATION_COLORS.river },
      layout: { visibility: 'visible' },
    });
    expect(style.layers.find((l) => l.id === 'lakes-fill')).toMatchObject({
      type: 'fill',
      source: LAKES_SOURCE,
    });
    const hidden = buildMapStyle({}, false);
    for (const id of ORIENTATION_STYLE_LAYERS)
      expect(hidden.layers.find((l) => l.id === id)?.layout).toMatchObject({ visibility: 'none' });
    // Only the orientation goes: the countries and borders stay.
    expect(
      hidden.layers
        .filter((l) => l.layout?.visibility === 'none')
        .map((l) => l.id)
        .sort(),
    ).toEqual([...ORIENTATION_STYLE_LAYERS].sort());
  });
});
