import { Map as MaplibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { useEffect, type RefObject } from 'react';
import { t } from '../i18n/i18n';
import type { Bounds } from './geometry';
import { buildMapStyle, ORIENTATION_STYLE_LAYERS, visibility } from './mapStyle';
import { regionalTransformRequest } from './regionalBasemap';

/**
 * The maplibre map under the picture: how it is made (a flat, north-up operations map on the
 * offline style), its controls in the officer's language, and the basemap switch's half in the
 * style (rivers and lakes). The deck.gl canvases on top are deckOverlays.ts's.
 */

/**
 * maplibre's own texts that show (the map's accessible name, the zoom buttons' titles, the scale's
 * units), in the officer's language. maplibre reads them when the map is created and when a control
 * is added, so a change of language adds the controls again (see useMapLanguage).
 */
export function mapLocale(): Record<string, string> {
  return {
    'Map.Title': t('map:controls.map'),
    'NavigationControl.ZoomIn': t('map:controls.zoomIn'),
    'NavigationControl.ZoomOut': t('map:controls.zoomOut'),
    'ScaleControl.Meters': t('map:controls.metres'),
    'ScaleControl.Kilometers': t('map:controls.kilometres'),
  };
}

/** The map's controls, with the language their texts are in. */
export interface Controls {
  readonly language: string;
  readonly navigation: NavigationControl;
  readonly scale: ScaleControl;
}

/** Adds the zoom buttons and the scale, their texts in `language` (the one in use). */
export function addControls(map: MaplibreMap, language: string): Controls {
  const navigation = new NavigationControl({ showCompass: false });
  const scale = new ScaleControl({ unit: 'metric' });
  map.addControl(navigation, 'bottom-right');
  map.addControl(scale, 'bottom-left');
  return { language, navigation, scale };
}

/** The map on `container`, showing `bounds`, the style's rivers and lakes shown or not. */
export function createMaplibreMap(container: HTMLElement, bounds: Bounds, orientation: boolean): MaplibreMap {
  const map = new MaplibreMap({
    container,
    style: buildMapStyle({}, orientation),
    bounds,
    fitBoundsOptions: { padding: 40 },
    attributionControl: false,
    renderWorldCopies: false,
    // A flat operations map: rotation and pitch only disorient and deck's 2D labels assume north-up.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxPitch: 0,
    minZoom: 3,
    maxZoom: 16,
    fadeDuration: 0,
    locale: mapLocale(),
    // The centre's on-premises style server is reached through the page's own host.
    transformRequest: regionalTransformRequest,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  return map;
}

/**
 * Zoom rounded down to half steps: label thresholds and heading ticks need no finer, and the map
 * re-renders only when it crosses a step, not on every frame of a zoom gesture.
 */
export function zoomStep(zoom: number): number {
  return Math.floor(zoom * 2) / 2;
}

/** Shows or hides the rivers and lakes of the style (the deck.gl half follows the layer list). */
export function showOrientation(map: MaplibreMap, shown: boolean): void {
  for (const id of ORIENTATION_STYLE_LAYERS)
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visibility(shown));
}

/**
 * The basemap toggle hides the style's rivers and lakes too. Before 'load' the style is not there
 * yet: `latest` keeps the switch for the load handler (geoData.ts) to apply then.
 */
export function useOrientationSwitch(
  mapRef: RefObject<MaplibreMap | null>,
  latest: { orientation: boolean },
  shown: boolean,
): void {
  useEffect(() => {
    latest.orientation = shown;
    const map = mapRef.current;
    if (map) showOrientation(map, shown);
  }, [mapRef, latest, shown]);
}

/** The language changed: maplibre's texts too. (Hover texts are built when shown, in the new one.) */
export function useMapLanguage(
  mapRef: RefObject<MaplibreMap | null>,
  controlsRef: RefObject<Controls | null>,
  language: string,
): void {
  useEffect(() => {
    const map = mapRef.current;
    const controls = controlsRef.current;
    if (!map || !controls || controls.language === language) return;
    map._locale = { ...map._locale, ...mapLocale() };
    map.removeControl(controls.navigation);
    map.removeControl(controls.scale);
    controlsRef.current = addControls(map, language);
    map.getCanvas().setAttribute('aria-label', t('map:controls.map'));
  }, [mapRef, controlsRef, language]);
}
