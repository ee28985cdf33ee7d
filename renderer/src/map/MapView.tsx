import 'maplibre-gl/dist/maplibre-gl.css';
import type { PickingInfo } from '@deck.gl/core';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../shared/getOwn';
import { mapOperationNow } from '../store/clockSlices';
import { ui, useUi } from '../store/uiStore';
import { useFitToSectors, useFlyTo, useSelectionClearOfDrawer } from './cameraMoves';
import { BASEMAP_COLORS } from './colors';
import { addDeckOverlays, useCanvasLayers, type DeckOverlays } from './deckOverlays';
import { loadGeoData, useGeoState } from './geoData';
import { WESTERN_BALKANS_BOUNDS } from './geometry';
import { attachMap } from './mapActions';
import { MapFocusRing } from './MapFocusRing';
import {
  addControls,
  createMaplibreMap,
  useMapLanguage,
  useOrientationSwitch,
  zoomStep,
  type Controls,
} from './maplibreMap';
import { initialMapLive, type MapLive } from './mapLive';
import { createHoverTooltip, pickAt, wirePointer } from './mapPointer';
import { startMapProbe } from './mapProbe';
import { pickedTooltip } from './picking';
import { useRegionalBasemap } from './regionalBasemap';
import { unitIdAt } from './unitLayers';
import { useMapLayers } from './useMapLayers';
import { usePulseLayers } from './usePulse';

const CONTAINER_STYLE: CSSProperties = { position: 'absolute', inset: 0, background: BASEMAP_COLORS.sea };

/** How long the map waits for the first picture before it starts without it (no host answering). */
export const MAP_START_WAIT_MS = 1_500;

/**
 * The map, made once the page has its first picture (or after {@link MAP_START_WAIT_MS}). Making
 * the map first costs the picture seconds on a software renderer: its WebGL contexts and first
 * frames hold the page's thread on the GPU, and the host's answer with the picture waits behind
 * them, after which everything is drawn again. Made with the picture, the map's first frame has it.
 */
export function MapArea() {
  const ready = useUi((s) => s.ready);
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setWaited(true), MAP_START_WAIT_MS);
    return () => clearTimeout(timer);
  }, [ready]);
  return ready || waited ? <MapView /> : <div style={CONTAINER_STYLE} aria-busy="true" />;
}

/**
 * The live map: an offline maplibre basemap (maplibreMap.ts, geoData.ts) with the operation drawn
 * on top by deck.gl (useMapLayers.ts, deckOverlays.ts, usePulse.ts). It fills its parent (which
 * must be positioned) and reads everything from the UI store. The pointer is mapPointer.ts's, the
 * camera's moves cameraMoves.ts's, what the tests read mapProbe.ts's; the commands reach the map
 * through mapActions.ts, which the map is attached to while it is mounted.
 */
export function MapView() {
  // No text of its own in the page, but maplibre's controls and the hover texts follow the language.
  const { i18n } = useTranslation('map');
  const language = i18n.language;
  const settings = useUi((s) => s.settings);
  // Operation time, not the wall clock: see operationNow (shared/domainRules.ts).
  const opNow = useUi(mapOperationNow);
  const selection = useUi((s) => s.selection);
  const layerSwitches = useUi((s) => s.layers);
  const flyTo = useUi((s) => s.flyTo);

  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const overlaysRef = useRef<DeckOverlays | null>(null);
  const controlsRef = useRef<Controls | null>(null);
  const fittedRef = useRef(false);
  const [live] = useState((): MapLive => initialMapLive(opNow, layerSwitches.basemap));
  const [zoom, setZoom] = useState(() => zoomStep(5));
  const geo = useGeoState();
  const { layers, pulsing, sectorBounds, selectionMark, unitPick } = useMapLayers({ zoom, language, geo });
  const pulseLayers = usePulseLayers(live, layerSwitches.incidents, pulsing);

  useEffect(() => {
    live.opNow = opNow;
  }, [live, opNow]);

  // --- The map itself: created once per mount, torn down with it. ---
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const abort = new AbortController();
    fittedRef.current = sectorBounds !== null;
    const map = createMaplibreMap(container, sectorBounds ?? WESTERN_BALKANS_BOUNDS, live.orientation);
    const probe = startMapProbe(map);
    controlsRef.current = addControls(map, i18n.language);
    mapRef.current = map;
    const detachMap = attachMap(map);
    setZoom(zoomStep(map.getZoom()));

    // A unit is picked by index (its layer's data is binary): the unit itself is in the picture.
    const pickedObject = (info: PickingInfo): unknown => {
      if (info.layer?.id !== 'units') return info.object as unknown;
      const { columns, units } = unitPick.current;
      const unitId = unitIdAt(columns, info.index);
      return unitId === null ? null : (getOwn(units, unitId) ?? null);
    };
    const tooltip = createHoverTooltip(
      container,
      (info) => pickedTooltip(info.layer?.id, pickedObject(info), live.opNow),
      () => map.getCanvas(),
    );
    const overlays = addDeckOverlays(map, live, probe, {
      onHover: (canvas, info) => tooltip.hover(canvas, info),
      // The page's clock ticks with a redraw rather than making a frame of its own (PageClock).
      onDrawn: () => ui.clock.drawn(),
    });
    overlaysRef.current = overlays;

    map.on('zoom', () => setZoom(zoomStep(map.getZoom())));
    map.on('movestart', () => {
      live.moving = true;
    });
    map.on('moveend', () => {
      live.moving = false;
    });
    wirePointer(map, (x, y) => {
      const info = pickAt(overlays.canvases, x, y);
      return { info, object: info ? pickedObject(info) : null };
    });
    map.on('error', (event) => console.warn('map:', event.error));
    loadGeoData(map, abort.signal, live, probe, geo.sinks);

    return () => {
      abort.abort();
      probe.loaded = false;
      overlaysRef.current = null;
      mapRef.current = null;
      controlsRef.current = null;
      detachMap();
      // Removing the map removes its controls, which finalizes the deck.gl overlays.
      map.remove();
      tooltip.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the map is created once per mount; later data reaches it through the effects below
  }, []);

  // The centre's basemap (a tile file or on-premises style), when the settings name one.
  useRegionalBasemap(mapRef, settings.basemap);
  useCanvasLayers(overlaysRef, live, { ...layers, pulse: pulseLayers });
  useOrientationSwitch(mapRef, live, layerSwitches.basemap);
  useMapLanguage(mapRef, controlsRef, language);
  useFitToSectors(mapRef, fittedRef, sectorBounds);
  useFlyTo(mapRef, flyTo);
  const selectionKey = selection ? `${selection.kind}:${selection.id}` : null;
  useSelectionClearOfDrawer(mapRef, selectionKey, selectionMark?.points[0] ?? null);

  return (
    <>
      <div ref={containerRef} data-testid="map" style={CONTAINER_STYLE} />
      <MapFocusRing />
    </>
  );
}
