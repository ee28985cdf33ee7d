import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Selection } from '../../store/types';
import type { Point } from '../geometry';
import { SELECTION_HALO_RGBA, SELECTION_RGBA } from './style';

/** Where the selected entity is, for the highlight (arrays memoised with the selection). */
export interface SelectionMark {
  readonly selection: Selection;
  /** A ring is drawn around each point (incident, unit, crossing). */
  readonly points: Point[];
  /** A halo is drawn under each path (sector). */
  readonly paths: Point[][];
}

/** The halo under a selected sector's line. */
export function selectionPathLayer(paths: Point[][]): Layer {
  return new PathLayer<Point[]>({
    id: 'selection-path',
    data: paths,
    getPath: (p) => p,
    getColor: SELECTION_HALO_RGBA,
    getWidth: 9,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
  });
}

/** The ring round a selected incident, unit or crossing. */
export function selectionRingLayer(points: Point[]): Layer {
  return new ScatterplotLayer<Point>({
    id: 'selection-ring',
    data: points,
    getPosition: (p) => p,
    radiusUnits: 'pixels',
    getRadius: 13,
    filled: false,
    stroked: true,
    getLineColor: SELECTION_RGBA,
    lineWidthUnits: 'pixels',
    getLineWidth: 2.5,
  });
}
