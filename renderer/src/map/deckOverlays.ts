import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { useEffect, type RefObject } from 'react';
import { mapDrawGate, mapDrawPace, type DrawPace } from '../store/drawPace';
import { noteDrawn } from './drawProbe';
import { deckDeviceProps, softwareWebgl } from './glContext';
import { MAP_CANVASES, type MapCanvas } from './layers';
import type { MapLive } from './mapLive';
import type { WatchfloorMapProbe } from './mapProbe';
import { PICKING_RADIUS } from './mapPointer';

/**
 * deck.gl's canvases over the maplibre map: one for the pulse, under the operation's, then one per
 * rate of change, bottom first (see MAP_CANVASES), so a position update redraws the units' canvas
 * only. Each frame drawn is counted for the tests and timed for the store's pace.
 *
 * A canvas is made when it first has something to draw (the basemap's at once): each is a WebGL
 * context of its own, and on a software renderer every context made before the first frame (its
 * device, its programs, its buffer composited on every frame) delays that frame. A picture without
 * a selection or a pulse never makes those two.
 */

/** The canvases in stacking order, bottom first: the pulse under the operation's. */
const STACK: readonly (MapCanvas | 'pulse')[] = ['pulse', ...MAP_CANVASES];

/** What the map needs of a deck.gl overlay (MapboxOverlay; a stand-in in tests). */
export interface Overlay {
  onAdd(map: MaplibreMap): HTMLElement;
  onRemove(map: MaplibreMap): void;
  setProps(props: { layers: Layer[] }): void;
  pickObject(options: { x: number; y: number; radius?: number }): PickingInfo | null;
}

/** The map's deck.gl canvases, made on demand. */
export interface DeckOverlays {
  /** The operation's canvases made so far (picking asks these, uppermost first). */
  readonly canvases: Partial<Record<MapCanvas, Overlay>>;
  /** The pulse's canvas, once made. */
  readonly pulse: Overlay | null;
  /** Hands `layers` to a canvas, making it (in its place in the stack) when it first has any. */
  setLayers(canvas: MapCanvas | 'pulse', layers: Layer[]): void;
}

/** The options a canvas's overlay is made with (see {@link addDeckOverlays}). */
export type OverlayProps = ConstructorParameters<typeof MapboxOverlay>[0];

/** What the page hears from the canvases. */
export interface OverlayHooks {
  /** Each canvas's hovers. */
  onHover(canvas: MapCanvas, info: PickingInfo): void;
  /** A canvas of the operation (not the pulse) has drawn: the page's clock ticks with it (PageClock). */
  onDrawn(): void;
}

/**
 * Adds the canvases to `map` (removing the map finalizes them). `makeOverlay` is for tests.
 */
export function addDeckOverlays(
  map: MaplibreMap,
  live: MapLive,
  probe: WatchfloorMapProbe,
  hooks: OverlayHooks,
  makeOverlay: (props: OverlayProps) => Overlay = (props) => new MapboxOverlay(props),
): DeckOverlays {
  // Asked of maplibre's own context: a context made only to ask would cost the start-up its making.
  const deviceProps = deckDeviceProps(softwareWebgl(map.getCanvas().getContext('webgl2')));
  const canvases: Partial<Record<MapCanvas, Overlay>> = {};
  let pulse: Overlay | null = null;
  // What every canvas is made with: drawn over the map (not into its context), one pixel per CSS pixel.
  const shared = { interleaved: false, useDevicePixels: 1, deviceProps, layers: [] };

  /** Puts `overlay` on the map at its place in the stack, whatever order the canvases are made in. */
  const mount = (overlay: Overlay, canvas: MapCanvas | 'pulse'): void => {
    map.addControl({
      onAdd: (m: MaplibreMap) => {
        const element = overlay.onAdd(m);
        element.style.zIndex = String(STACK.indexOf(canvas));
        element.dataset['canvas'] = canvas;
        return element;
      },
      onRemove: (m: MaplibreMap) => overlay.onRemove(m),
      // Where deck.gl's overlay puts itself (its container is placed from the map's top left).
      getDefaultPosition: () => 'top-left',
    });
  };

  // The pulse has a canvas of its own, under the operation's: a step of the animation then
  // redraws a few dozen rings, not every object of the picture.
  const makePulse = (): Overlay => {
    const overlay = makeOverlay({
      ...shared,
      onAfterRender: () => {
        if (live.pulseRequestedAt === null) return;
        const t = performance.now();
        live.pulseFrameCost = (live.pulseFrameCost + (t - live.pulseRequestedAt)) / 2;
        live.pulseRequestedAt = null;
      },
    });
    mount(overlay, 'pulse');
    return overlay;
  };
  // One canvas per rate of change. Clicks are picked by the map's own click handler
  // (mapPointer.ts), uppermost canvas first; each canvas reports its own hovers.
  const makeCanvas = (canvas: MapCanvas): Overlay => {
    const overlay: Overlay = makeOverlay({
      ...shared,
      pickingRadius: PICKING_RADIUS,
      onHover: (info) => hooks.onHover(canvas, info),
      onAfterRender: () => {
        const t = performance.now();
        probe.frames += 1;
        probe.lastRenderAt = t;
        if (canvas === 'incidents') {
          noteDrawn(overlay);
          // The incidents handed to this canvas are drawn: the held position frames go on.
          mapDrawGate.release();
        }
        // What a position update costs: the store paces them by it.
        if (canvas === 'units') noteUnitsDrawn(live, mapDrawPace);
        hooks.onDrawn();
      },
    });
    mount(overlay, canvas);
    return overlay;
  };
  // The basemap's canvas at once: it has the country names as soon as the geodata is in.
  canvases.base = makeCanvas('base');

  return {
    canvases,
    get pulse() {
      return pulse;
    },
    setLayers(canvas, layers) {
      const made = canvas === 'pulse' ? pulse : canvases[canvas];
      if (!made && layers.length === 0) return;
      const overlay =
        made ?? (canvas === 'pulse' ? (pulse = makePulse()) : (canvases[canvas] = makeCanvas(canvas)));
      overlay.setProps({ layers });
    },
  };
}

/**
 * Notes in `pace` what the position update the units' canvas has just drawn cost: from its new
 * layers to the second animation frame after deck.gl's draw. With software WebGL the canvas is
 * drawn and composited in the GPU process after deck.gl's callback has returned, and that work
 * shows only as the delay of the frames that follow (measured at 5,000 units: the callback ~20 ms
 * after the layers, the next frames 300–600 ms apart); timed to the callback, the pace let the units
 * redraw four times a second and kept the GPU process busy without pause. `nextFrame` is for tests.
 */
export function noteUnitsDrawn(
  live: MapLive,
  pace: Pick<DrawPace, 'note'>,
  nextFrame: (callback: () => void) => unknown = requestAnimationFrame,
  now: () => number = () => performance.now(),
): void {
  const setAt = live.unitsSetAt;
  if (setAt === null) return;
  live.unitsSetAt = null;
  nextFrame(() => nextFrame(() => pace.note(now() - setAt)));
}

/**
 * Whether handing `incidents` to the incidents' canvas makes it draw: not before the map is made,
 * nor when there is nothing to draw on a canvas not yet made (no frame would come to release what
 * waits for it).
 */
export function incidentsWillDraw(overlays: DeckOverlays | null, incidents: readonly Layer[]): boolean {
  return overlays !== null && (incidents.length > 0 || overlays.canvases.incidents !== undefined);
}

/** Hands `layers` to one canvas (none before the map is made). */
function setLayers(overlays: DeckOverlays | null, canvas: MapCanvas | 'pulse', layers: Layer[]): void {
  overlays?.setLayers(canvas, layers);
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
    if (incidentsWillDraw(overlaysRef.current, incidents)) mapDrawGate.hold(performance.now());
    setLayers(overlaysRef.current, 'incidents', incidents);
  }, [overlaysRef, incidents]);
  useEffect(() => setLayers(overlaysRef.current, 'trails', trails), [overlaysRef, trails]);
  useEffect(() => {
    // What a position update costs, from new layers to drawn: the store paces them by it.
    // (Nothing to time while the units' canvas is not made and nothing is handed to it.)
    if (units.length > 0 || overlaysRef.current?.canvases.units) live.unitsSetAt ??= performance.now();
    setLayers(overlaysRef.current, 'units', units);
  }, [overlaysRef, live, units]);
  useEffect(() => setLayers(overlaysRef.current, 'top', top), [overlaysRef, top]);
  useEffect(() => setLayers(overlaysRef.current, 'pulse', pulse), [overlaysRef, pulse]);
}
