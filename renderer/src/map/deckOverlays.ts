import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { useEffect, type RefObject } from 'react';
import { mapDrawGate, mapDrawPace } from '../store/drawPace';
import { noteDrawn } from './drawProbe';
import { deckDeviceProps } from './glContext';
import { MAP_CANVASES, type MapCanvas } from './layers';
import type { MapLive } from './mapLive';
import type { WatchfloorMapProbe } from './mapProbe';
import { PICKING_RADIUS } from './mapPointer';

/**
 * deck.gl's canvases over the maplibre map: one for the pulse, under the operation's, then one per
 * rate of change, bottom first (see MAP_CANVASES), so a position update redraws the units' canvas
 * only. Each frame drawn is counted for the tests and timed for the store's pace.
 */

/** The map's deck.gl canvases. */
export interface DeckOverlays {
  readonly canvases: Partial<Record<MapCanvas, MapboxOverlay>>;
  readonly pulse: MapboxOverlay;
}

/** Adds the canvases to `map` (removing the map finalizes them); `onHover` hears each canvas's hovers. */
export function addDeckOverlays(
  map: MaplibreMap,
  live: MapLive,
  probe: WatchfloorMapProbe,
  onHover: (canvas: MapCanvas, info: PickingInfo) => void,
): DeckOverlays {
  // The pulse has a canvas of its own, under the operation's (added first): a step of the
  // animation then redraws a few dozen rings, not every object of the picture.
  const deviceProps = deckDeviceProps();
  const pulse = new MapboxOverlay({
    interleaved: false,
    useDevicePixels: 1,
    deviceProps,
    layers: [],
    onAfterRender: () => {
      if (live.pulseRequestedAt === null) return;
      const t = performance.now();
      live.pulseFrameCost = (live.pulseFrameCost + (t - live.pulseRequestedAt)) / 2;
      live.pulseRequestedAt = null;
    },
  });
  map.addControl(pulse);
  // Then one canvas per rate of change, bottom first. Clicks are picked by the map's own click
  // handler (mapPointer.ts), uppermost canvas first; each canvas reports its own hovers.
  const canvases: Partial<Record<MapCanvas, MapboxOverlay>> = {};
  for (const canvas of MAP_CANVASES) {
    const overlay = new MapboxOverlay({
      interleaved: false,
      useDevicePixels: 1,
      deviceProps,
      pickingRadius: PICKING_RADIUS,
      layers: [],
      onHover: (info) => onHover(canvas, info),
      onAfterRender: () => {
        const t = performance.now();
        probe.frames += 1;
        probe.lastRenderAt = t;
        if (canvas === 'incidents') {
          noteDrawn(overlay);
          // The incidents handed to this canvas are drawn: the held position frames go on.
          mapDrawGate.release();
        }
        if (canvas === 'units' && live.unitsSetAt !== null) {
          // What a position update costs, from new layers to drawn: the store paces them by it.
          mapDrawPace.note(t - live.unitsSetAt);
          live.unitsSetAt = null;
        }
      },
    });
    map.addControl(overlay);
    canvases[canvas] = overlay;
  }
  return { canvases, pulse };
}

/** Hands `layers` to one canvas (none before the map is made). */
function setLayers(overlays: DeckOverlays | null, canvas: MapCanvas | 'pulse', layers: Layer[]): void {
  const overlay = canvas === 'pulse' ? overlays?.pulse : overlays?.canvases[canvas];
  overlay?.setProps({ layers });
}

/** Each canvas's layers, set when they change (each list is memoised on its own inputs). */
export function useCanvasLayers(
  overlaysRef: RefObject<DeckOverlays | null>,
  live: MapLive,
  layers: Record<MapCanvas | 'pulse', Layer[]>,
): void {
  const { base, incidents, trails, units, top, pulse } = layers;
  useEffect(() => setLayers(overlaysRef.current, 'base', base), [overlaysRef, base]);
  useEffect(() => {
    // Until this canvas has drawn them, position frames wait (see DrawGate): its frame stays cheap.
    if (overlaysRef.current) mapDrawGate.hold(performance.now());
    setLayers(overlaysRef.current, 'incidents', incidents);
  }, [overlaysRef, incidents]);
  useEffect(() => setLayers(overlaysRef.current, 'trails', trails), [overlaysRef, trails]);
  useEffect(() => {
    // What a position update costs, from new layers to drawn: the store paces them by it.
    live.unitsSetAt ??= performance.now();
    setLayers(overlaysRef.current, 'units', units);
  }, [overlaysRef, live, units]);
  useEffect(() => setLayers(overlaysRef.current, 'top', top), [overlaysRef, top]);
  useEffect(() => setLayers(overlaysRef.current, 'pulse', pulse), [overlaysRef, pulse]);
}
