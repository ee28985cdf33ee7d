import type { LineString, Point, Polygon } from 'geojson';
import { ANNOTATION_COLORS, type AnnotationColor, type AnnotationKind } from '../../../shared/annotation';
import type { Annotation, OperationState } from '../../../shared/state';
import { exportMetaJson, isoTime, modeLabel } from './labels';
import { rfc7946Rings } from './polygonRings';
import type { ExportMeta } from './types';
import type { WatchfloorCollection } from './watchfloorCollection';

/** An annotation's flat properties in the GeoJSON export. */
export type AnnotationRecord = {
  operationId: string;
  mode: string;
  annotationId: string;
  kind: AnnotationKind;
  text: string | null;
  color: AnnotationColor;
  /** The palette colour's value, for GIS tools that style by a property. */
  colorHex: string;
  author: string;
  unitId: string | null;
  createdAt: string;
};

/** The geometry of an annotation: a point (a text is one), a line, or the polygon's closed ring. */
function geometryOf(annotation: Annotation): Point | LineString | Polygon | null {
  const positions = annotation.coordinates.map(([lon, lat]) => [lon, lat]);
  switch (annotation.kind) {
    case 'point':
    case 'text':
      return positions[0] ? { type: 'Point', coordinates: positions[0] } : null;
    case 'line':
      return { type: 'LineString', coordinates: positions };
    case 'polygon': {
      const rings = rfc7946Rings([positions]);
      return rings === null ? null : { type: 'Polygon', coordinates: rings };
    }
  }
}

/**
 * The shared annotations on the map at the end of the window (the deleted ones are not), oldest
 * first, with who drew them and when. Text is written as it was drawn: JSON carries it as data.
 */
export function annotationsGeoJson(
  state: OperationState,
  meta: ExportMeta,
): WatchfloorCollection<Point | LineString | Polygon | null, AnnotationRecord> {
  const live = Object.values(state.annotations)
    .filter((a) => a.deletedAt === null)
    .sort((a, b) => a.createdAt - b.createdAt || (a.annotationId < b.annotationId ? -1 : 1));
  return {
    type: 'FeatureCollection',
    watchfloor: exportMetaJson(meta),
    features: live.map((a) => ({
      type: 'Feature',
      id: a.annotationId,
      geometry: geometryOf(a),
      properties: {
        operationId: meta.operationId,
        mode: modeLabel(meta.mode),
        annotationId: a.annotationId,
        kind: a.kind,
        text: a.text ?? null,
        color: a.color,
        colorHex: ANNOTATION_COLORS[a.color],
        author: a.author,
        unitId: a.unitId ?? null,
        createdAt: isoTime(a.createdAt),
      },
    })),
  };
}
