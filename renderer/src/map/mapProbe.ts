import type { Map as MaplibreMap } from 'maplibre-gl';

/** What end-to-end tests read to know the map's state without guessing at timings. */
export interface WatchfloorMapProbe {
  /** maplibre fired 'load' (style ready). */
  loaded: boolean;
  /** Country areas, borders, rivers and lakes have been handed to maplibre and processed. */
  basemapReady: boolean;
  /** How many times maplibre went idle (everything drawn, no transition running). */
  idleCount: number;
  /** deck.gl frames drawn. */
  frames: number;
  /** performance.now() of the last deck.gl frame. */
  lastRenderAt: number;
  /** The map's centre [lon, lat] when it last came to rest. */
  center: [number, number] | null;
  /** Where a place is on the map now, in pixels from the map's top left. */
  project?: (lon: number, lat: number) => [number, number];
}

declare global {
  interface Window {
    __watchfloorMap?: WatchfloorMapProbe;
  }
}

/** The event the page sends each time the map goes idle, which the browser tests wait for. */
export const MAP_IDLE_EVENT = 'watchfloor:map-idle';

/**
 * A new probe for `map`, put in the page as `window.__watchfloorMap`: it counts the map's idles
 * (and sends {@link MAP_IDLE_EVENT}), notes where the map came to rest, and projects places.
 * `loaded`, `basemapReady` and the deck.gl frames are noted by whoever knows them (MapView,
 * geoData.ts, deckOverlays.ts).
 */
export function startMapProbe(map: MaplibreMap): WatchfloorMapProbe {
  const probe: WatchfloorMapProbe = {
    loaded: false,
    basemapReady: false,
    idleCount: 0,
    frames: 0,
    lastRenderAt: 0,
    center: null,
  };
  window.__watchfloorMap = probe;
  probe.project = (lon, lat) => {
    const p = map.project([lon, lat]);
    return [p.x, p.y];
  };
  map.on('moveend', () => {
    const c = map.getCenter();
    probe.center = [c.lng, c.lat];
  });
  map.on('idle', () => {
    probe.idleCount += 1;
    window.dispatchEvent(new CustomEvent(MAP_IDLE_EVENT));
  });
  return probe;
}
