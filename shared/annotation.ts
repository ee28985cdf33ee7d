import { z } from 'zod';
import { lngLatSchema, textSchema } from './protocol/primitives';

/**
 * Shared annotations: points, lines, polygons and text an officer draws on the operation's map.
 * They travel as commands (`annotation.create`, `annotation.delete`), come back from the server as
 * events (`annotation.created`, `annotation.deleted`) to every workstation of the operation, and
 * are kept, replayed and exported like any event. This module holds their kinds, palette and
 * bounds, and the one schema of their geometry, which the command, the event and the picture share.
 */

/** What can be drawn. A text is a point that carries a label. */
export const ANNOTATION_KINDS = ['point', 'line', 'polygon', 'text'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/**
 * The fixed palette, by name (the wire carries the name, never a colour value): colours the map
 * uses for nothing else, bright on the dark basemap.
 */
export const ANNOTATION_COLORS = {
  magenta: '#ff40ff',
  lime: '#a9e34b',
  orange: '#ff922b',
  sky: '#66d9e8',
  white: '#f8f9fa',
} as const;
export type AnnotationColor = keyof typeof ANNOTATION_COLORS;
/** The palette's names in the order the toolbar offers them. */
export const ANNOTATION_COLOR_NAMES = Object.keys(ANNOTATION_COLORS) as [
  AnnotationColor,
  ...AnnotationColor[],
];

/** Bounds of one annotation: what is larger is refused, at the page's edge and on the wire. */
export const ANNOTATION_LIMITS = {
  /** Positions of a line or a polygon's ring (the ring is sent open: its first point is not repeated). */
  maxVertices: 500,
  /** Characters of an annotation's text. */
  maxTextLength: 500,
} as const;

/** The positions each kind takes, at least. */
const MIN_VERTICES: Readonly<Record<AnnotationKind, number>> = { point: 1, text: 1, line: 2, polygon: 3 };

/** The fields of an annotation's shape: kind, positions, text and colour. */
export const annotationShapeFields = {
  kind: z.enum(ANNOTATION_KINDS),
  /** One position for a point or a text; the line's; the polygon's ring, open. */
  coordinates: z.array(lngLatSchema).min(1).max(ANNOTATION_LIMITS.maxVertices),
  text: textSchema.max(ANNOTATION_LIMITS.maxTextLength).optional(),
  color: z.enum(ANNOTATION_COLOR_NAMES),
};

/** A shape of one annotation that holds together: as many positions as its kind takes, a text for a text. */
export function checkAnnotationShape(
  shape: { kind: AnnotationKind; coordinates: readonly unknown[]; text?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  const { kind, coordinates } = shape;
  const least = MIN_VERTICES[kind];
  const single = kind === 'point' || kind === 'text';
  if (coordinates.length < least || (single && coordinates.length !== 1))
    ctx.addIssue({
      code: 'custom',
      path: ['coordinates'],
      message: single
        ? `a ${kind} has one position`
        : `a ${kind} has ${least} positions at least, ${ANNOTATION_LIMITS.maxVertices} at most`,
    });
  if (kind === 'text' && !shape.text?.trim())
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'a text annotation has a text' });
}
