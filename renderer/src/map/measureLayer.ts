import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { circle, destination } from '@turf/turf';
import type { LngLat } from '../../../shared/units';
import { measureBetween, type MapToolsState, type Measurement } from './mapTools';

/**
 * The map tools drawn by deck.gl above the operation: the measured line with its figure, range
 * rings with their radii, the "go to" mark. Nothing here can be picked: a click with a tool in hand
 * is for the tool, and without one it must reach the units and incidents underneath.
 */

type Rgba = [number, number, number, number];

/** Bright on the dark basemap and unlike any agency, priority or impact colour. */
const TOOL_COLOR: Rgba = [255, 236, 153, 255];
const TOOL_HALO: Rgba = [15, 23, 32, 230];
const FONT = 'system-ui, sans-serif';
/** Points around a ring: smooth at any zoom the map allows. */
const RING_STEPS = 128;

/** The words the layers show, in the officer's language (built by the caller). */
export interface ToolLabels {
  measurement(m: Measurement): string;
  ring(km: number): string;
}

interface Label {
  position: LngLat;
  text: string;
}

interface Ring {
  path: [number, number][];
  km: number;
}

/** The ring paths of a set of range rings (geodesic circles, not screen circles: true at any latitude). */
export function ringPaths(center: LngLat, radiiKm: readonly number[]): Ring[] {
  return radiiKm.map((km) => {
    const polygon = circle([center[0], center[1]], km, { steps: RING_STEPS, units: 'kilometers' });
    const ring = polygon.geometry.coordinates[0] ?? [];
    return { km, path: ring.map((p) => [p[0] ?? 0, p[1] ?? 0]) };
  });
}

/** Where a ring's radius is written: due north of the centre, on the ring. */
function ringLabelAt(center: LngLat, km: number): LngLat {
  const p = destination([center[0], center[1]], km, 0, { units: 'kilometers' }).geometry.coordinates;
  return [p[0] ?? center[0], p[1] ?? center[1]] as const as LngLat;
}

/** The tools' layers for the state shown; none when no tool has anything on the map. */
export function toolLayers(s: MapToolsState, labels: ToolLabels): Layer[] {
  const layers: Layer[] = [];
  const texts: Label[] = [];
  const points: LngLat[] = [...s.measure];

  if (s.rings) {
    const rings = ringPaths(s.rings.center, s.rings.radiiKm);
    layers.push(
      new PathLayer<Ring>({
        id: 'tool-rings',
        data: rings,
        getPath: (r) => r.path,
        getColor: TOOL_COLOR,
        getWidth: 2,
        widthUnits: 'pixels',
        pickable: false,
      }),
    );
    points.push(s.rings.center);
    const center = s.rings.center;
    for (const r of rings) texts.push({ position: ringLabelAt(center, r.km), text: labels.ring(r.km) });
  }

  const [from, to] = s.measure;
  if (from && to) {
    layers.push(
      new PathLayer<[number, number][]>({
        id: 'tool-measure-line',
        data: [
          [
            [from[0], from[1]],
            [to[0], to[1]],
          ],
        ],
        getPath: (p) => p,
        getColor: TOOL_COLOR,
        getWidth: 3,
        widthUnits: 'pixels',
        pickable: false,
      }),
    );
    const middle = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2] as const as LngLat;
    texts.push({ position: middle, text: labels.measurement(measureBetween(from, to)) });
  }

  if (s.goToMark) points.push(s.goToMark);

  if (points.length > 0) {
    layers.push(
      new ScatterplotLayer<LngLat>({
        id: 'tool-points',
        data: points,
        getPosition: (p) => [p[0], p[1]],
        getRadius: 6,
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: TOOL_HALO,
        getLineColor: TOOL_COLOR,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        pickable: false,
      }),
    );
  }

  if (texts.length > 0) {
    layers.push(
      new TextLayer<Label>({
        id: 'tool-labels',
        data: texts,
        getPosition: (l) => [l.position[0], l.position[1]],
        getText: (l) => l.text,
        getSize: 13,
        getColor: TOOL_COLOR,
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
        background: true,
        getBackgroundColor: TOOL_HALO,
        backgroundPadding: [4, 2],
        getPixelOffset: [0, -14],
        pickable: false,
      }),
    );
  }
  return layers;
}
