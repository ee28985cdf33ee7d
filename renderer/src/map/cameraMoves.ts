import type { Map as MaplibreMap, PaddingOptions } from 'maplibre-gl';
import { useEffect, useRef, type RefObject } from 'react';
import type { UiState } from '../store/types';
import { drawerPadding, isClear, NO_PADDING } from './clearOfDrawer';
import type { Bounds } from './geometry';

/**
 * The camera's moves the page asks for: fit to the operation area once its sectors are known,
 * fly where the store says (a panel's link, a command), and keep a selected object clear of the
 * detail drawer (clearOfDrawer.ts).
 */

/** True when the camera has any padding (the drawer was open when it last moved). */
export function isPadded(p: Partial<PaddingOptions>): boolean {
  return Boolean(p.left || p.right || p.top || p.bottom);
}

/** Fit to the operation area once its sectors are known (the map starts on the region). */
export function useFitToSectors(
  mapRef: RefObject<MaplibreMap | null>,
  fittedRef: RefObject<boolean>,
  sectorBounds: Bounds | null,
): void {
  useEffect(() => {
    const map = mapRef.current;
    if (!map || fittedRef.current || !sectorBounds) return;
    fittedRef.current = true;
    map.fitBounds(sectorBounds, { padding: 40, duration: 0 });
  }, [mapRef, fittedRef, sectorBounds]);
}

/** Fly where the store asks; the serial makes the same target twice still move the map. */
export function useFlyTo(mapRef: RefObject<MaplibreMap | null>, flyTo: UiState['flyTo']): void {
  const flySerialRef = useRef(flyTo?.serial ?? 0);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !flyTo || flyTo.serial === flySerialRef.current) return;
    flySerialRef.current = flyTo.serial;
    // Padded by the drawer's width, so what the map flies to is not under the drawer (see clearOfDrawer).
    const padding = drawerPadding(map.getContainer());
    map.flyTo({ center: [flyTo.lon, flyTo.lat], zoom: flyTo.zoom, padding, essential: true });
  }, [mapRef, flyTo]);
}

/**
 * An object selected where it lies under the drawer now open (a click near the right of the map, a
 * step of replay, the keyboard's ring): the map moves it clear. Keyed on what is selected
 * (`selectionKey`), not on where it is, so a selected unit's reports do not move the map. A fly
 * already on its way is padded itself. With the drawer closed, the padding goes and the view
 * stays where it is. `selectedPoint` is where the selected object is drawn now.
 */
export function useSelectionClearOfDrawer(
  mapRef: RefObject<MaplibreMap | null>,
  selectionKey: string | null,
  selectedPoint: [number, number] | null,
): void {
  const selectedPointRef = useRef(selectedPoint);
  selectedPointRef.current = selectedPoint;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const container = map.getContainer();
    const { clientWidth: width, clientHeight: height } = container;
    if (selectionKey === null) {
      if (map.isEasing() || !isPadded(map.getPadding())) return;
      map.jumpTo({ center: map.unproject([width / 2, height / 2]), padding: NO_PADDING });
      return;
    }
    // Checked once the camera is at rest: a move still on its way (the keyboard's ring, a fly)
    // may end with the object under the drawer that has just opened.
    const keepClear = (): void => {
      const point = selectedPointRef.current;
      if (!point || map.isEasing()) return;
      const padding = drawerPadding(container);
      if (!isClear(map.project(point), width, height, padding))
        map.easeTo({ center: point, padding, essential: true });
    };
    if (!map.isEasing()) {
      keepClear();
      return;
    }
    const atRest = (): void => {
      map.off('moveend', atRest);
      keepClear();
    };
    map.on('moveend', atRest);
    return () => void map.off('moveend', atRest);
  }, [mapRef, selectionKey]);
}
