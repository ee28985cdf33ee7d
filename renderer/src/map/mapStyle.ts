import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_COLORS, ORIENTATION_COLORS } from './colors';

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

/** Source id of the rivers (MultiLineString features with `name`, `names`, `rank`: Natural Earth scalerank). */
export const RIVERS_SOURCE = 'rivers';
/** Source id of the lakes (MultiPolygon features with `name`, `rank`). */
export const LAKES_SOURCE = 'lakes';

/** The style layers that the `basemap` toggle hides with the deck.gl orientation layers. */
export const ORIENTATION_STYLE_LAYERS = ['lakes-fill', 'lakes-outline', 'rivers'] as const;

/** The basemap data, once fetched; missing parts start empty and are filled with setData. */
export interface BasemapData {
  readonly countries?: FeatureCollection;
  readonly borders?: FeatureCollection;
  readonly rivers?: FeatureCollection;
  readonly lakes?: FeatureCollection;
}

/** maplibre's layout value for a layer shown or hidden. */
export function visibility(shown: boolean): 'visible' | 'none' {
  return shown ? 'visible' : 'none';
}

function emptyCollection(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}

/**
 * Builds the dark operations-room style. Pure: the same data gives the same style. `orientation`
 * says whether the rivers and lakes start shown (the `basemap` layer toggle).
 */
export function buildMapStyle(data: BasemapData = {}, orientation = true): StyleSpecification {
  const shown = visibility(orientation);
  return {
    version: 8,
    // eslint-disable-next-line i18next/no-literal-string -- the style's name for maplibre, never shown
    name: 'Watchfloor offline',
    sources: {
      [COUNTRIES_SOURCE]: { type: 'geojson', data: data.countries ?? emptyCollection() },
      [BORDERS_SOURCE]: { type: 'geojson', data: data.borders ?? emptyCollection() },
      [RIVERS_SOURCE]: { type: 'geojson', data: data.rivers ?? emptyCollection() },
      [LAKES_SOURCE]: { type: 'geojson', data: data.lakes ?? emptyCollection() },
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
      // Water under the outlines and borders: where a river is the border (Sava, Drina, Danube),
      // the border line is drawn over it and both stay visible.
      {
        id: 'lakes-fill',
        type: 'fill',
        source: LAKES_SOURCE,
        layout: { visibility: shown },
        paint: { 'fill-color': ORIENTATION_COLORS.lake },
      },
      {
        id: 'lakes-outline',
        type: 'line',
        source: LAKES_SOURCE,
        layout: { visibility: shown },
        paint: { 'line-color': ORIENTATION_COLORS.lakeOutline, 'line-width': 0.6 },
      },
      {
        id: 'rivers',
        type: 'line',
        source: RIVERS_SOURCE,
        layout: { visibility: shown, 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': ORIENTATION_COLORS.river,
          // Big rivers (low Natural Earth rank) wider, and all of them wider as the map zooms in.
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            5,
            ['case', ['<=', ['get', 'rank'], 9], 1.6, 0.8],
            10,
            ['case', ['<=', ['get', 'rank'], 7], 3.5, ['<=', ['get', 'rank'], 9], 2.8, 1.6],
          ],
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
