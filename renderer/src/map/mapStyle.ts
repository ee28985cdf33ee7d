import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_COLORS } from './colors';

/**
 * The offline basemap. The workstation may have no internet, so the style is built here from the
 * GeoJSON the host serves: no tile, glyph or sprite URL. Without glyphs maplibre cannot draw
 * text, hence no symbol layers; every label on the map is a deck.gl TextLayer instead.
 */

/** Countries that take part in the operation, drawn a shade lighter than their neighbours. */
export const PARTICIPATING_COUNTRIES = ['AL', 'BA', 'ME', 'MK', 'RS', 'XK', 'HR'] as const;

/** Source id of the country areas (features with properties `code` and `name`). */
export const COUNTRIES_SOURCE = 'countries';
/** Source id of the state borders (MultiLineString features with `countries: [A, B]`). */
export const BORDERS_SOURCE = 'borders';

/** The basemap data, once fetched; missing parts start empty and are filled with setData. */
export interface BasemapData {
  readonly countries?: FeatureCollection;
  readonly borders?: FeatureCollection;
}

function emptyCollection(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}

/** Builds the dark operations-room style. Pure: the same data gives the same style. */
export function buildMapStyle(data: BasemapData = {}): StyleSpecification {
  return {
    version: 8,
    // eslint-disable-next-line i18next/no-literal-string -- the style's name for maplibre, never shown
    name: 'Watchfloor offline',
    sources: {
      [COUNTRIES_SOURCE]: { type: 'geojson', data: data.countries ?? emptyCollection() },
      [BORDERS_SOURCE]: { type: 'geojson', data: data.borders ?? emptyCollection() },
    },
    layers: [
      // The sea is simply what no country covers.
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP_COLORS.sea } },
      {
        id: 'countries-fill',
        type: 'fill',
        source: COUNTRIES_SOURCE,
        paint: {
          'fill-color': [
            'match',
            ['get', 'code'],
            [...PARTICIPATING_COUNTRIES],
            BASEMAP_COLORS.participatingLand,
            BASEMAP_COLORS.land,
          ],
          'fill-antialias': true,
        },
      },
      {
        // Outlines give coastlines; land borders are drawn again, stronger, by the border layer.
        id: 'countries-outline',
        type: 'line',
        source: COUNTRIES_SOURCE,
        paint: { 'line-color': BASEMAP_COLORS.countryOutline, 'line-width': 0.8 },
      },
      {
        id: 'borders',
        type: 'line',
        source: BORDERS_SOURCE,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': BASEMAP_COLORS.border, 'line-width': 1.2, 'line-opacity': 0.85 },
      },
    ],
  };
}
