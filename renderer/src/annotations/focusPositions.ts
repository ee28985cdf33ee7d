import { ui } from '../store/uiStore';

/** The zoom that shows a span of degrees whole, within sensible limits. */
function zoomFor(spanDegrees: number): number {
  const zoom = Math.log2(360 / Math.max(spanDegrees, 1e-3)) - 0.5;
  return Math.min(13, Math.max(6, Math.floor(zoom * 2) / 2));
}

/** Moves the map to a set of positions (a shape's), all of them in view. */
export function focusPositions(positions: readonly (readonly [number, number])[]): void {
  if (positions.length === 0) return;
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const span = Math.max(east - west, (north - south) * 1.4);
  ui.flyTo((west + east) / 2, (south + north) / 2, zoomFor(span));
}
