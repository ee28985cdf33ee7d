import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { useState } from 'react';
import {
  EMPTY_BASEMAP,
  parseAirports,
  parsePhysical,
  parsePlaces,
  parsePorts,
  RIVER_LABEL_SPACING_KM,
  riverLabels,
  type BasemapData,
} from './basemapLayers';
import { showOrientation } from './maplibreMap';
import { countryLabels, parseTowns, type CountryLabel, type Town } from './mapData';
import type { MapLive } from './mapLive';
import type { WatchfloorMapProbe } from './mapProbe';
import { BORDERS_SOURCE, COUNTRIES_SOURCE, LAKES_SOURCE, RIVERS_SOURCE } from './mapStyle';

/**
 * The offline geography the host serves next to the page (resources/geo): country areas, borders,
 * rivers and lakes go to maplibre's style once it has loaded; country names, towns and the
 * orientation points (places, airports, ports, peaks) to deck.gl's layers through the component's
 * state. A file missing from an older data folder loses only its own layer.
 */

export function isFeatureCollection(value: unknown): value is FeatureCollection {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'FeatureCollection' &&
    Array.isArray((value as { features?: unknown }).features)
  );
}

/** Fetches one of the geo files the host serves next to the page. */
async function fetchGeo(path: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(new URL(path, document.baseURI), { signal });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as unknown;
}

/** An orientation file that did not load: said in the log, and the map goes on without it. */
function orientationMissing(error: unknown): null {
  if (!(error instanceof DOMException && error.name === 'AbortError'))
    console.warn('map: orientation layer not loaded:', error);
  return null;
}

/** Where the loaded geography goes in the component. */
export interface GeoSinks {
  countryLabels(labels: CountryLabel[]): void;
  towns(towns: { major: Town[]; minor: Town[] }): void;
  basemap(update: (b: BasemapData) => BasemapData): void;
}

/**
 * Fetches the geography for `map` and hands it over as it comes; nothing once `signal` aborts.
 * Notes `loaded` and `basemapReady` on the probe.
 */
export function loadGeoData(
  map: MaplibreMap,
  signal: AbortSignal,
  live: MapLive,
  probe: WatchfloorMapProbe,
  sinks: GeoSinks,
): void {
  const geo = Promise.all([
    fetchGeo('geo/countries.json', signal),
    fetchGeo('geo/borders.json', signal),
    // Older data folders (built before the orientation layers) lack these: the map works without.
    fetchGeo('geo/rivers.json', signal).catch(orientationMissing),
    fetchGeo('geo/lakes.json', signal).catch(orientationMissing),
  ]);
  map.on('load', () => {
    probe.loaded = true;
    void geo
      .then(async ([countries, borders, rivers, lakes]) => {
        if (signal.aborted) return;
        const updates: Promise<void>[] = [];
        sinks.countryLabels(countryLabels(countries));
        showOrientation(map, live.orientation);
        if (isFeatureCollection(rivers)) {
          const source = map.getSource<GeoJSONSource>(RIVERS_SOURCE);
          if (source) updates.push(source.setData(rivers, true));
          const lines = rivers as Parameters<typeof riverLabels>[0];
          const overview = riverLabels(lines, RIVER_LABEL_SPACING_KM.overview);
          const close = riverLabels(lines, RIVER_LABEL_SPACING_KM.close);
          sinks.basemap((b) => ({ ...b, riverLabels: overview, riverLabelsClose: close }));
        }
        if (isFeatureCollection(lakes)) {
          const source = map.getSource<GeoJSONSource>(LAKES_SOURCE);
          if (source) updates.push(source.setData(lakes, true));
        }
        if (isFeatureCollection(countries)) {
          const source = map.getSource<GeoJSONSource>(COUNTRIES_SOURCE);
          if (source) updates.push(source.setData(countries, true));
        }
        if (isFeatureCollection(borders)) {
          const source = map.getSource<GeoJSONSource>(BORDERS_SOURCE);
          if (source) updates.push(source.setData(borders, true));
        }
        await Promise.all(updates);
        if (!signal.aborted) probe.basemapReady = true;
      })
      .catch((error: unknown) => {
        if (!signal.aborted) console.warn('map: basemap data not loaded:', error);
      });
  });

  fetchGeo('geo/towns.json', signal)
    .then((json) => {
      if (!signal.aborted) sinks.towns(parseTowns(json));
    })
    .catch((error: unknown) => {
      if (!signal.aborted) console.warn('map: towns not loaded:', error);
    });

  // The orientation points: each file on its own, so one missing file loses only its layer.
  const points = [
    ['places', parsePlaces],
    ['airports', parseAirports],
    ['ports', parsePorts],
    ['physical', parsePhysical],
  ] as const;
  for (const [name, parse] of points)
    // eslint-disable-next-line i18next/no-literal-string -- a file path, not text
    fetchGeo(`geo/${name}.json`, signal)
      .then((json) => {
        if (!signal.aborted) sinks.basemap((b) => ({ ...b, [name]: parse(json) }));
      })
      .catch(orientationMissing);
}

/** The geography deck.gl draws, as it has loaded so far. */
export interface GeoState {
  readonly towns: { major: Town[]; minor: Town[] };
  readonly countryLabels: CountryLabel[];
  readonly basemap: BasemapData;
}

/** The component's state for the geography deck.gl draws, and the sinks that fill it. */
export function useGeoState(): GeoState & { readonly sinks: GeoSinks } {
  const [towns, setTowns] = useState<GeoState['towns']>({ major: [], minor: [] });
  const [labels, setCountryLabels] = useState<CountryLabel[]>([]);
  const [basemap, setBasemap] = useState<BasemapData>(EMPTY_BASEMAP);
  const [sinks] = useState((): GeoSinks => ({
    countryLabels: setCountryLabels,
    towns: setTowns,
    basemap: setBasemap,
  }));
  return { towns, countryLabels: labels, basemap, sinks };
}
