import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { DrawPace } from '../store/drawPace';
import {
  addDeckOverlays,
  incidentsWillDraw,
  noteUnitsDrawn,
  type Overlay,
  type OverlayProps,
} from './deckOverlays';
import { initialMapLive } from './mapLive';
import type { WatchfloorMapProbe } from './mapProbe';

/** A maplibre map as far as the overlays use it: controls added in order, a WebGL context to ask. */
function fakeMap(): {
  map: MaplibreMap;
  elements: { style: Record<string, string>; dataset: Record<string, string> }[];
  positions: string[];
} {
  const elements: { style: Record<string, string>; dataset: Record<string, string> }[] = [];
  const gl = {
    isContextLost: () => false,
    getExtension: () => null,
    getParameter: () => 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
    RENDERER: 0x1f01,
  };
  const map = {
    getCanvas: () => ({ getContext: () => gl }),
    positions: [] as string[],
    addControl(
      control: { onAdd(map: unknown): unknown; getDefaultPosition?: () => string },
      position?: string,
    ) {
      map.positions.push(position ?? control.getDefaultPosition?.() ?? 'top-right');
      elements.push(control.onAdd(map) as (typeof elements)[number]);
    },
  };
  return { map: map as unknown as MaplibreMap, elements, positions: map.positions };
}

/** A stand-in for deck.gl's MapboxOverlay: what it was made with and the layers it was handed. */
class FakeOverlay implements Overlay {
  layers: Layer[] | null = null;
  constructor(readonly props: OverlayProps) {}
  onAdd(): HTMLElement {
    return { style: {}, dataset: {} } as unknown as HTMLElement;
  }
  onRemove(): void {}
  setProps(props: { layers: Layer[] }): void {
    this.layers = props.layers;
  }
  pickObject(): PickingInfo | null {
    return null;
  }
}

const layer = (id: string): Layer => ({ id }) as unknown as Layer;

function overlaysOn() {
  const { map, elements, positions } = fakeMap();
  const made: FakeOverlay[] = [];
  const drawn = { count: 0 };
  const probe = { frames: 0 } as unknown as WatchfloorMapProbe;
  const overlays = addDeckOverlays(
    map,
    initialMapLive(0, true),
    probe,
    { onHover: () => {}, onDrawn: () => void drawn.count++ },
    (props) => {
      const overlay = new FakeOverlay(props);
      made.push(overlay);
      return overlay;
    },
  );
  return { overlays, elements, made, positions, drawn };
}

describe("the map's deck.gl canvases", () => {
  it('makes only the basemap canvas at first: a canvas with nothing to draw costs no WebGL context', () => {
    const { overlays, made } = overlaysOn();
    expect(made).toHaveLength(1);
    expect(Object.keys(overlays.canvases)).toEqual(['base']);
    overlays.setLayers('top', []);
    overlays.setLayers('pulse', []);
    overlays.setLayers('units', []);
    expect(made).toHaveLength(1);
    expect(overlays.pulse).toBeNull();
  });

  it('makes a canvas when it first has layers, and keeps handing it its layers, an empty list too', () => {
    const { overlays, made } = overlaysOn();
    overlays.setLayers('units', [layer('units')]);
    expect(Object.keys(overlays.canvases).sort()).toEqual(['base', 'units']);
    const units = overlays.canvases.units as FakeOverlay;
    expect(units.layers?.map((l) => l.id)).toEqual(['units']);
    // The last unit gone: the canvas is cleared, not left showing it.
    overlays.setLayers('units', []);
    expect(units.layers).toEqual([]);
    expect(made).toHaveLength(2);
  });

  it('stacks the canvases pulse, base, incidents, units, top, whatever order they are made in', () => {
    const { overlays, elements, positions } = overlaysOn();
    overlays.setLayers('top', [layer('selection')]);
    overlays.setLayers('pulse', [layer('pulse')]);
    overlays.setLayers('units', [layer('units')]);
    overlays.setLayers('incidents', [layer('incidents')]);
    const order = [...elements]
      .sort((a, b) => Number(a.style['zIndex']) - Number(b.style['zIndex']))
      .map((e) => e.dataset['canvas']);
    expect(order).toEqual(['pulse', 'base', 'incidents', 'units', 'top']);
    // In maplibre's top-left corner, where deck.gl's overlay is laid out from (elsewhere it is off
    // the map: it was, once, with every canvas drawing and none showing).
    expect(positions).toEqual(['top-left', 'top-left', 'top-left', 'top-left', 'top-left']);
    expect(overlays.pulse).not.toBeNull();
  });

  it("asks the map's own WebGL context whether the renderer is software: no context made to ask", () => {
    const { made } = overlaysOn();
    // SwiftShader, from the map's context: no multisampling, no preserved buffer.
    expect(made[0]!.props?.deviceProps).toEqual({
      webgl: { antialias: false, preserveDrawingBuffer: false },
    });
  });

  it('holds position frames for incidents only when their canvas will draw them', () => {
    const { overlays } = overlaysOn();
    expect(incidentsWillDraw(null, [layer('incidents')])).toBe(false);
    // No incidents and no canvas for them: no frame would come to let the positions go.
    expect(incidentsWillDraw(overlays, [])).toBe(false);
    expect(incidentsWillDraw(overlays, [layer('incidents')])).toBe(true);
    overlays.setLayers('incidents', [layer('incidents')]);
    // The last incident gone from a canvas that exists: it draws the empty picture.
    expect(incidentsWillDraw(overlays, [])).toBe(true);
  });

  it("tells the page each time a canvas of the operation draws (its clock ticks with it), not the pulse's", () => {
    const { overlays, made, drawn } = overlaysOn();
    overlays.setLayers('top', [layer('selection')]);
    overlays.setLayers('pulse', [layer('pulse')]);
    const draw = (overlay: FakeOverlay | undefined): void =>
      overlay!.props.onAfterRender!({} as Parameters<NonNullable<OverlayProps['onAfterRender']>>[0]);
    draw(made[0]);
    draw(overlays.canvases.top as FakeOverlay);
    expect(drawn.count).toBe(2);
    draw(overlays.pulse as FakeOverlay);
    expect(drawn.count).toBe(2);
  });

  it("times a position update to the frames after the units' draw, where software WebGL's work shows", () => {
    const live = initialMapLive(0, true);
    const pace = new DrawPace();
    const frames: (() => void)[] = [];
    const nextFrame = (callback: () => void): void => void frames.push(callback);
    let now = 0;
    const clock = (): number => now;
    live.unitsSetAt = 100;
    // deck.gl's callback 20 ms after the layers: nothing is noted yet, nothing waits on the next set.
    now = 120;
    noteUnitsDrawn(live, pace, nextFrame, clock);
    expect(live.unitsSetAt).toBeNull();
    expect(pace.drawCostMs).toBe(0);
    // The GPU process draws and composites the canvas: the next frames come 300 ms apart.
    now = 420;
    frames.shift()!();
    expect(pace.drawCostMs).toBe(0);
    now = 720;
    frames.shift()!();
    expect(pace.drawCostMs).toBe(620);
    // Positions then go on screen no more than every three draws' time, not every 250 ms.
    expect(pace.interval(250)).toBe(1860);
    // A draw with no position update waiting to be timed notes nothing.
    noteUnitsDrawn(live, pace, nextFrame, clock);
    expect(frames).toHaveLength(0);
  });
});
