import type { PickingInfo } from '@deck.gl/core';
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { lngLat, type LngLat } from '../../../shared/units';
import { ui } from '../store/uiStore';
import type { Selection } from '../store/types';
import { MAP_CANVASES, type MapCanvas } from './layers';
import { clickedAt, mapTools, type MapTool } from './mapTools';
import { annotationDraw, clickAt } from '../annotations/annotationDraw';
import { finishDrawing } from '../annotations/annotationActions';
import { pickedSelection } from './picking';

/**
 * The pointer over the map: what a click picks, the hover text, the pointer's shape, and the
 * pointer's position for the map's tools. The deck.gl canvases take no pointer events (maplibre
 * forwards them), so clicks are picked here, uppermost canvas first, as an officer sees the objects
 * stacked (a unit above the incident it stands on, an incident above its sector).
 */

/** How near (pixels) the pointer must be to an object to hover or pick it. */
export const PICKING_RADIUS = 4;

/** The canvases, uppermost first. */
const UPPERMOST_FIRST: readonly MapCanvas[] = [...MAP_CANVASES].reverse();

/** What can be picked on one canvas (a deck.gl overlay). */
export interface Pickable {
  pickObject(options: { x: number; y: number; radius: number }): PickingInfo | null;
}

/** What a click at (x, y) picks: the object on the uppermost canvas that has one there. */
export function pickAt(
  overlays: Partial<Record<MapCanvas, Pickable>>,
  x: number,
  y: number,
): PickingInfo | null {
  for (const canvas of UPPERMOST_FIRST) {
    const overlay = overlays[canvas];
    if (!overlay) continue;
    let info: PickingInfo | null = null;
    try {
      info = overlay.pickObject({ x, y, radius: PICKING_RADIUS });
    } catch {
      // A canvas not yet initialised (the map's first frames) has nothing to pick.
    }
    // Binary layers (the units) pick an index, not an object.
    if (info?.picked) return info;
  }
  return null;
}

/** Of what the pointer is over on each canvas, the uppermost canvas's object (as a click picks). */
export function uppermostHovered(hovered: Partial<Record<MapCanvas, PickingInfo>>): PickingInfo | null {
  for (const canvas of UPPERMOST_FIRST) {
    const info = hovered[canvas];
    if (info?.picked) return info;
  }
  return null;
}

/** The pointer's CSS cursor: a crosshair with a tool in hand, a hand over an object. */
export function pointerCursor(tool: MapTool, hovered: Partial<Record<MapCanvas, PickingInfo>>): string {
  if (tool !== 'none') return 'crosshair';
  return MAP_CANVASES.some((c) => hovered[c]?.picked) ? 'pointer' : '';
}

/**
 * The selection a click without a tool makes: the picked object's, none on empty map, and
 * `'keep'` on a case's line, which is not a thing to select (the selection stays as it is).
 */
export function clickSelection(picked: PickingInfo | null, object: unknown): Selection | null | 'keep' {
  if (picked?.layer?.id === 'linked-cases') return 'keep';
  return picked ? pickedSelection(picked.layer?.id, object) : null;
}

/** A position of the pointer on the map, folded onto the globe. */
function pointerAt(event: MapMouseEvent): LngLat {
  const at = event.lngLat.wrap();
  return lngLat(at.lng, Math.max(-90, Math.min(90, at.lat)));
}

/**
 * The map's pointer handlers: the tools follow the pointer; a click selects what `pick` finds
 * there, or is the tool's (a measure point, the rings' centre) when one is in hand.
 */
export function wirePointer(
  map: MaplibreMap,
  pick: (x: number, y: number) => { info: PickingInfo | null; object: unknown },
): void {
  map.on('mousemove', (event) => mapTools.setCursor(pointerAt(event)));
  map.on('click', (event) => {
    // Drawing an annotation: the click is its next position.
    if (annotationDraw.drawing) {
      const at = pointerAt(event);
      annotationDraw.update((s) => clickAt(s, at));
      return;
    }
    if (mapTools.snapshot.tool === 'none') {
      const { info, object } = pick(event.point.x, event.point.y);
      const selection = clickSelection(info, object);
      if (selection !== 'keep') ui.select(selection);
      return;
    }
    const at = pointerAt(event);
    mapTools.update((s) => clickedAt(s, at));
  });
  // A double click finishes the line or area being drawn, and does not zoom then.
  map.on('dblclick', (event) => {
    if (!annotationDraw.drawing) return;
    event.preventDefault();
    void finishDrawing();
  });
}

const TOOLTIP_STYLE: Partial<CSSStyleDeclaration> = {
  backgroundColor: '#1b2733',
  color: '#e9ecef',
  border: '1px solid #34495e',
  borderRadius: '4px',
  padding: '6px 8px',
  font: '12px system-ui, sans-serif',
  lineHeight: '1.35',
  maxWidth: '320px',
  whiteSpace: 'pre-line',
  // deck.gl positions the tooltip with `transform` at the pointer; a margin keeps it off the cursor.
  marginLeft: '12px',
  marginTop: '12px',
  position: 'absolute',
  top: '0',
  left: '0',
  zIndex: '1',
  pointerEvents: 'none',
  display: 'none',
};

/** The map's one hover text, fed by every canvas's hovers. */
export interface HoverTooltip {
  /** What the pointer is over on `canvas` now (deck.gl's onHover). */
  hover(canvas: MapCanvas, info: PickingInfo): void;
  remove(): void;
}

/**
 * The hover text in `container`, from the uppermost canvas with something under the pointer:
 * each canvas picks on its own animation frame, so the text is chosen once all of them have
 * answered the same move. `textOf` writes the text (null: none); the pointer's shape is set on
 * `pointerTarget` (maplibre's canvas, which takes the pointer events).
 */
export function createHoverTooltip(
  container: HTMLElement,
  textOf: (info: PickingInfo) => string | null,
  pointerTarget: () => HTMLElement,
): HoverTooltip {
  const hovered: Partial<Record<MapCanvas, PickingInfo>> = {};
  const tooltip = document.createElement('div');
  // deck.gl's own class, so the page's and the tests' rules for hover texts still apply.
  tooltip.className = 'deck-tooltip';
  Object.assign(tooltip.style, TOOLTIP_STYLE);
  container.appendChild(tooltip);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const show = (): void => {
    timer = null;
    const info = uppermostHovered(hovered);
    const text = info ? textOf(info) : null;
    if (!info || text === null) {
      tooltip.style.display = 'none';
      return;
    }
    // Feed text goes in as text, never as markup.
    tooltip.textContent = text;
    // eslint-disable-next-line i18next/no-literal-string -- a CSS value, not text
    tooltip.style.transform = `translate(${info.x}px, ${info.y}px)`;
    tooltip.style.display = 'block';
  };
  return {
    hover(canvas, info) {
      hovered[canvas] = info;
      timer ??= setTimeout(show, 0);
      pointerTarget().style.cursor = annotationDraw.drawing
        ? 'crosshair'
        : pointerCursor(mapTools.snapshot.tool, hovered);
    },
    remove() {
      if (timer) clearTimeout(timer);
      tooltip.remove();
    },
  };
}
