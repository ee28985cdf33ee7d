import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { ANNOTATION_COLORS, type AnnotationColor, type AnnotationKind } from '../../../../shared/annotation';
import type { Annotation } from '../../../../shared/state';
import type { LngLat } from '../../../../shared/units';
import { BASEMAP_COLORS, hexToRgba, type Rgba } from '../colors';
import { FONT } from './style';

/**
 * Shared annotations (shared/annotation.ts): the officers' points, lines, areas and texts, each in
 * its palette colour, drawn on the base canvas over the sectors and the overlays and under the
 * incidents and units. Texts are drawn as glyphs, so whatever a text holds is shown as text. The
 * shape being drawn is drawn apart (on the top canvas) with its vertices.
 */

/** Prefix of every annotation layer's id. */
export const ANNOTATION_LAYER_PREFIX = 'annotations-';

const OUTLINE: Rgba = hexToRgba(BASEMAP_COLORS.sea, 255);
const LINE_ALPHA = 255;
/** Faint enough that what lies under an area stays readable. */
const FILL_ALPHA = 40;

/** A palette colour as deck.gl takes it. */
export function annotationRgba(color: AnnotationColor, alpha = 255): Rgba {
  return hexToRgba(ANNOTATION_COLORS[color], alpha);
}

/** The annotations shown: those not deleted, oldest first (a newer one is drawn over an older one). */
export function liveAnnotations(record: Readonly<Record<string, Annotation>>): Annotation[] {
  return Object.values(record)
    .filter((a) => a.deletedAt === null)
    .sort((a, b) => a.createdAt - b.createdAt || (a.annotationId < b.annotationId ? -1 : 1));
}

interface Label {
  position: LngLat;
  text: string;
  color: AnnotationColor;
}

/** The layers of the shown annotations: areas, lines, points, then every text over them. */
export function annotationLayers(annotations: readonly Annotation[]): Layer[] {
  if (annotations.length === 0) return [];
  const of = (kind: AnnotationKind) => annotations.filter((a) => a.kind === kind);
  const polygons = of('polygon');
  const lines = of('line');
  const points = annotations.filter((a) => a.kind === 'point' || a.kind === 'text');
  const labels: Label[] = annotations.flatMap((a) =>
    a.text && a.coordinates[0] ? [{ position: a.coordinates[0], text: a.text, color: a.color }] : [],
  );
  const out: Layer[] = [];
  if (polygons.length > 0)
    out.push(
      new PolygonLayer<Annotation>({
        id: `${ANNOTATION_LAYER_PREFIX}areas`,
        // Not pickable: an area would stand between the officer's click and the sectors under it.
        data: polygons,
        getPolygon: (a) => a.coordinates,
        getFillColor: (a) => annotationRgba(a.color, FILL_ALPHA),
        getLineColor: (a) => annotationRgba(a.color, LINE_ALPHA),
        getLineWidth: 3,
        lineWidthUnits: 'pixels',
        stroked: true,
        filled: true,
      }),
    );
  if (lines.length > 0)
    out.push(
      new PathLayer<Annotation>({
        id: `${ANNOTATION_LAYER_PREFIX}lines`,
        pickable: true,
        data: lines,
        getPath: (a) => a.coordinates as unknown as [number, number][],
        getColor: (a) => annotationRgba(a.color, LINE_ALPHA),
        getWidth: 3,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
      }),
    );
  if (points.length > 0)
    out.push(
      new ScatterplotLayer<Annotation>({
        id: `${ANNOTATION_LAYER_PREFIX}points`,
        pickable: true,
        data: points,
        getPosition: (a) => a.coordinates[0] as unknown as [number, number],
        // A text's anchor is a small dot; a point is a marker.
        getRadius: (a) => (a.kind === 'text' ? 2.5 : 6),
        radiusUnits: 'pixels',
        getFillColor: (a) => annotationRgba(a.color),
        getLineColor: OUTLINE,
        getLineWidth: 1.5,
        lineWidthUnits: 'pixels',
        stroked: true,
      }),
    );
  if (labels.length > 0)
    out.push(
      new TextLayer<Label>({
        id: `${ANNOTATION_LAYER_PREFIX}texts`,
        data: labels,
        getPosition: (l) => l.position,
        getText: (l) => l.text,
        getColor: (l) => annotationRgba(l.color),
        getSize: 13,
        sizeUnits: 'pixels',
        getTextAnchor: 'start',
        getAlignmentBaseline: 'center',
        getPixelOffset: [9, 0],
        fontFamily: FONT,
        fontWeight: 600,
        characterSet: 'auto',
        outlineWidth: 2,
        outlineColor: OUTLINE,
        fontSettings: { sdf: true },
        maxWidth: 24,
        wordBreak: 'break-word',
      }),
    );
  return out;
}

/** The shape being drawn: what it joins so far (an area closed back to its start) and its vertices. */
export function annotationDraftLayers(
  kind: AnnotationKind,
  points: readonly LngLat[],
  color: AnnotationColor,
): Layer[] {
  if (points.length === 0) return [];
  const path = kind === 'polygon' && points.length >= 3 ? [...points, points[0]!] : [...points];
  const vertices = points.map((position) => ({ position }));
  return [
    new PathLayer<{ path: LngLat[] }>({
      id: `${ANNOTATION_LAYER_PREFIX}draft-path`,
      data: [{ path }],
      getPath: (d) => d.path,
      getColor: annotationRgba(color, 200),
      getWidth: 2,
      widthUnits: 'pixels',
    }),
    new ScatterplotLayer<{ position: LngLat }>({
      id: `${ANNOTATION_LAYER_PREFIX}draft-vertices`,
      data: vertices,
      getPosition: (d) => d.position,
      getRadius: 4,
      radiusUnits: 'pixels',
      getFillColor: annotationRgba(color),
      getLineColor: OUTLINE,
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      stroked: true,
    }),
  ];
}
