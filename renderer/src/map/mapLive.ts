/**
 * What the map's long-lived callbacks (maplibre's and deck.gl's, made once per mount) share with
 * the component's hooks: plain fields, read and written in place, never a reason to re-render.
 */
export interface MapLive {
  /** Operation time now, for the hover texts' ages. */
  opNow: number;
  /** The camera is moving (drag, zoom, flyTo): every frame redraws anyway, so the pulse waits. */
  moving: boolean;
  /** When the last pulse step was asked for, until deck.gl has drawn it. */
  pulseRequestedAt: number | null;
  /** How long the last pulse step took to draw (ms): with software WebGL this can be most of a second. */
  pulseFrameCost: number;
  /** When the units' layers were last replaced, until deck.gl has drawn them. */
  unitsSetAt: number | null;
  /** The `basemap` toggle, for the style when it finishes loading. */
  orientation: boolean;
}

/** The shared fields as a map starts. */
export function initialMapLive(opNow: number, orientation: boolean): MapLive {
  return { opNow, moving: false, pulseRequestedAt: null, pulseFrameCost: 0, unitsSetAt: null, orientation };
}
