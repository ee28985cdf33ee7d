import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { getOwn } from '../../../../shared/getOwn';
import type { Crossing, Incident, Unit } from '../../../../shared/state';
import type { Selection } from '../../store/types';
import type { Point } from '../geometry';
import type { SectorRow } from '../mapData';
import type { UnitColumns } from '../unitLayers';
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

/** What the selection's mark is found in: the picture, and the units where their dots are drawn. */
export interface SelectionSources {
  readonly incidents: Readonly<Record<string, Incident>>;
  readonly units: Readonly<Record<string, Unit>>;
  readonly unitColumns: UnitColumns;
  readonly crossings: Readonly<Record<string, Crossing>>;
  readonly sectors: readonly SectorRow[];
}

/** Where `selection` is drawn now, or null when it is gone from the picture (or has no position). */
export function selectionMarkOf(selection: Selection | null, from: SelectionSources): SelectionMark | null {
  if (!selection) return null;
  const at = (lon: number, lat: number): SelectionMark => ({ selection, points: [[lon, lat]], paths: [] });
  switch (selection.kind) {
    case 'incident': {
      const incident = getOwn(from.incidents, selection.id);
      return incident ? at(incident.lon, incident.lat) : null;
    }
    case 'unit': {
      // Where the dot is drawn (the frames move it more often than the unit's record).
      const columns = from.unitColumns;
      const i = columns.table.unitIds.indexOf(selection.id);
      if (i >= 0) return at(columns.lonLat[2 * i]!, columns.lonLat[2 * i + 1]!);
      const position = getOwn(from.units, selection.id)?.position;
      return position ? at(position.lon, position.lat) : null;
    }
    case 'crossing': {
      const crossing = getOwn(from.crossings, selection.id);
      return crossing ? at(crossing.lon, crossing.lat) : null;
    }
    case 'sector': {
      const row = from.sectors.find((s) => s.sector.sectorId === selection.id);
      return row ? { selection, points: [], paths: [row.path] } : null;
    }
  }
}
