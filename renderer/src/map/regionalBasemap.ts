import type {
  LayerSpecification,
  Map as MaplibreMap,
  RequestParameters,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import { useEffect, type RefObject } from 'react';
import { BASEMAP_PATHS, type BasemapView } from '../../../shared/basemap';

/**
 * The centre's own basemap (a tile file or an on-premises style, shared/basemap.ts) drawn in the
 * built-in style: its layers go just above the background and under the Natural Earth outlines,
 * borders, rivers and lakes, which stay on top as the operation's reference (the state borders are
 * what the sectors follow, whatever the centre's map shows). The Natural Earth country areas are
 * hidden meanwhile: they would cover the centre's map. Everything is fetched from the page's own
 * host, which reads the file or fetches from the one style server (electron/core/basemap).
 */

/** Ids of the sources and layers this module adds start with this. */
export const REGIONAL_PREFIX = 'regional:';
/** The built-in layer the centre's layers go under, and which they hide. */
const FIRST_BUILTIN_LAYER = 'countries-fill';

/** The colours of a vector tile file drawn without a style of its own: quiet, under the picture. */
export const REGIONAL_COLORS = {
  fill: '#2e4051',
  fillOutline: '#4a6176',
  line: '#7f98ad',
  point: '#a9bccb',
} as const;

/** What the end-to-end tests read of the centre's basemap. */
export interface RegionalBasemapProbe {
  kind: BasemapView['kind'];
  revision: number;
  /** The centre's sources have all loaded their tiles for the current view. */
  sourcesLoaded: boolean;
  /** Features of the centre's layers drawn at the last idle, and the first names among them. */
  renderedFeatures: number;
  renderedNames: string[];
  error: string | null;
}

declare global {
  interface Window {
    __watchfloorRegional?: RegionalBasemapProbe;
  }
}

/** The style server the page's requests are redirected from, to its own host (null: none). */
let remoteOrigin: string | null = null;

/**
 * maplibre's request hook: a file of the on-premises style server (its tiles, glyphs, sprites) is
 * asked of the page's own host, which fetches it from that server; every other URL is left as it
 * is (and the page's content policy refuses any that is not its own).
 */
export function regionalTransformRequest(url: string): RequestParameters {
  if (remoteOrigin !== null && url.startsWith(`${remoteOrigin}/`))
    return { url: `${window.location.origin}${BASEMAP_PATHS.remote}${url.slice(remoteOrigin.length)}` };
  return { url };
}

/** The sources and layers that draw a tile file: its own layers, or generic areas, lines and points. */
export function mbtilesStyleParts(
  view: Extract<BasemapView, { kind: 'mbtiles' }>,
  pageOrigin: string,
): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  const source = `${REGIONAL_PREFIX}tiles`;
  // eslint-disable-next-line i18next/no-literal-string -- a URL template, not text
  const tiles = [`${pageOrigin}${BASEMAP_PATHS.tiles}/{z}/{x}/{y}?v=${view.revision}`];
  const range = {
    minzoom: view.minzoom,
    maxzoom: view.maxzoom,
    ...(view.bounds ? { bounds: [...view.bounds] as [number, number, number, number] } : {}),
  };
  if (view.format !== 'pbf')
    return {
      sources: { [source]: { type: 'raster', tiles, tileSize: 256, ...range } },
      layers: [{ id: `${REGIONAL_PREFIX}raster`, type: 'raster', source }],
    };
  const layers: LayerSpecification[] = view.vectorLayers.flatMap((layer): LayerSpecification[] => [
    {
      id: `${REGIONAL_PREFIX}${layer}:fill`,
      type: 'fill',
      source,
      'source-layer': layer,
      // eslint-disable-next-line i18next/no-literal-string -- a style expression, not text
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': REGIONAL_COLORS.fill, 'fill-outline-color': REGIONAL_COLORS.fillOutline },
    },
    {
      id: `${REGIONAL_PREFIX}${layer}:line`,
      type: 'line',
      source,
      'source-layer': layer,
      // eslint-disable-next-line i18next/no-literal-string -- a style expression, not text
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': REGIONAL_COLORS.line, 'line-width': 1 },
    },
    {
      id: `${REGIONAL_PREFIX}${layer}:point`,
      type: 'circle',
      source,
      'source-layer': layer,
      // eslint-disable-next-line i18next/no-literal-string -- a style expression, not text
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': REGIONAL_COLORS.point, 'circle-radius': 2 },
    },
  ]);
  return { sources: { [source]: { type: 'vector', tiles, ...range } }, layers };
}

/** An on-premises style's sources and layers, renamed so that they never meet the built-in ones. */
export function remoteStyleParts(style: StyleSpecification): {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
} {
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, source] of Object.entries(style.sources)) sources[`${REGIONAL_PREFIX}${id}`] = source;
  const layers = style.layers.map((layer) => {
    const renamed = { ...layer, id: `${REGIONAL_PREFIX}${layer.id}` } as LayerSpecification & {
      source?: unknown;
    };
    if (typeof renamed.source === 'string') renamed.source = `${REGIONAL_PREFIX}${renamed.source}`;
    return renamed;
  });
  return { sources, layers };
}

/** Takes the centre's layers and sources out of the map. */
function removeRegional(map: MaplibreMap): void {
  for (const layer of map.getStyle().layers)
    if (layer.id.startsWith(REGIONAL_PREFIX)) map.removeLayer(layer.id);
  for (const id of Object.keys(map.getStyle().sources))
    if (id.startsWith(REGIONAL_PREFIX)) map.removeSource(id);
}

/** Puts the centre's layers in, under the built-in ones, or takes them out for the built-in map. */
async function applyRegional(map: MaplibreMap, view: BasemapView, signal: AbortSignal): Promise<void> {
  let parts: ReturnType<typeof remoteStyleParts> | null = null;
  let remote: StyleSpecification | null = null;
  if (view.kind === 'mbtiles') parts = mbtilesStyleParts(view, window.location.origin);
  else if (view.kind === 'style') {
    // eslint-disable-next-line i18next/no-literal-string -- a path, not text
    const response = await fetch(`${BASEMAP_PATHS.style}?v=${view.revision}`, { signal, cache: 'no-store' });
    if (!response.ok) throw new Error(`style: HTTP ${response.status}`);
    remote = (await response.json()) as StyleSpecification;
    parts = remoteStyleParts(remote);
  }
  if (signal.aborted) return;
  remoteOrigin = view.kind === 'style' ? view.origin : null;
  removeRegional(map);
  if (remote) {
    if (remote.glyphs) map.setGlyphs(remote.glyphs);
    if (typeof remote.sprite === 'string') map.setSprite(remote.sprite);
    else
      for (const sprite of remote.sprite ?? [])
        if (!map.getSprite().some((s) => s.id === sprite.id)) map.addSprite(sprite.id, sprite.url);
  }
  const before = map.getLayer(FIRST_BUILTIN_LAYER) ? FIRST_BUILTIN_LAYER : undefined;
  for (const [id, source] of Object.entries(parts?.sources ?? {})) map.addSource(id, source);
  for (const layer of parts?.layers ?? []) map.addLayer(layer, before);
  if (before) map.setLayoutProperty(before, 'visibility', parts ? 'none' : 'visible');
}

/** Counts what the centre's layers draw, for the probe (at each idle, so tests wait for nothing else). */
function noteRendered(map: MaplibreMap, probe: RegionalBasemapProbe): void {
  const style = map.getStyle();
  const layers = style.layers.filter((l) => l.id.startsWith(REGIONAL_PREFIX)).map((l) => l.id);
  const sources = Object.keys(style.sources).filter((id) => id.startsWith(REGIONAL_PREFIX));
  probe.sourcesLoaded = sources.every((id) => map.isSourceLoaded(id));
  const features = layers.length > 0 ? map.queryRenderedFeatures({ layers }) : [];
  probe.renderedFeatures = features.length;
  const names = new Set<string>();
  for (const f of features) {
    const name = (f.properties as Record<string, unknown> | null)?.['name'];
    if (typeof name === 'string' && names.size < 20) names.add(name);
  }
  probe.renderedNames = [...names];
}

/**
 * Keeps the map on the basemap the settings name. A basemap that fails to load leaves the
 * built-in one (the host has already checked the file or style, so this is rare) and says so in the
 * console and the probe.
 */
export function useRegionalBasemap(
  mapRef: RefObject<MaplibreMap | null>,
  view: BasemapView | undefined,
): void {
  const kind = view?.kind ?? 'builtin';
  const revision = view && view.kind !== 'builtin' ? view.revision : 0;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const current: BasemapView = view ?? { kind: 'builtin' };
    const probe: RegionalBasemapProbe = {
      kind,
      revision,
      sourcesLoaded: false,
      renderedFeatures: 0,
      renderedNames: [],
      error: null,
    };
    window.__watchfloorRegional = probe;
    const abort = new AbortController();
    const onIdle = (): void => noteRendered(map, probe);
    const apply = (): void => {
      void applyRegional(map, current, abort.signal)
        .then(() => {
          if (abort.signal.aborted) return;
          map.on('idle', onIdle);
          // Nothing may be left to load (the built-in map): idle has then already passed.
          map.triggerRepaint();
        })
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          probe.error = error instanceof Error ? error.message : String(error);
          console.warn('map: the centre basemap was not drawn:', error);
          try {
            removeRegional(map);
            if (map.getLayer(FIRST_BUILTIN_LAYER))
              map.setLayoutProperty(FIRST_BUILTIN_LAYER, 'visibility', 'visible');
          } catch {
            // The map is going away.
          }
        });
    };
    if (map.getLayer(FIRST_BUILTIN_LAYER)) apply();
    else map.on('load', apply);
    return () => {
      abort.abort();
      map.off('idle', onIdle);
      map.off('load', apply);
    };
    // The view object changes with every settings push; its kind and revision say when the basemap did.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the view changes with every settings push; its kind and revision say when the basemap did
  }, [mapRef, kind, revision]);
}
