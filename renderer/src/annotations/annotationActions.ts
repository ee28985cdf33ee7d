import type { Annotation } from '../../../shared/state';
import { ui } from '../store/uiStore';
import { focusPositions } from './focusPositions';
import { zoneArea } from '../zones/zoneActions';
import { annotationDraw, finish } from './annotationDraw';

/**
 * What the annotations panel and the map do with a drawing: send it as the one command
 * `annotation.create` through the core's outbox (the server's event brings it back to every
 * workstation, this one included), delete one, show one on the map.
 */

/** Sends the shape in hand (with its text, for a text); false when it is not finished yet. */
export async function finishDrawing(text?: string): Promise<boolean> {
  const s = annotationDraw.snapshot;
  const done = finish(s, text);
  if (done === null) return false;
  if (s.forZone && done.shape.kind === 'polygon') {
    // A watch zone's area: kept for the zone form, the tool put down.
    zoneArea.set(done.shape.coordinates);
    annotationDraw.update(() => ({ ...done.state, kind: null, forZone: false }));
    return true;
  }
  annotationDraw.update(() => done.state);
  const { kind, coordinates, text: words } = done.shape;
  return ui.issue('annotation.create', {
    kind,
    coordinates: coordinates.map(([lon, lat]): [number, number] => [lon, lat]),
    ...(words ? { text: words } : {}),
    color: s.color,
  });
}

/** Takes an annotation off the map, for everyone. */
export function deleteAnnotation(annotationId: string): Promise<boolean> {
  return ui.issue('annotation.delete', { annotationId });
}

/** Moves the map to an annotation, whole. */
export function focusAnnotation(annotation: Annotation): void {
  focusPositions(annotation.coordinates);
}

/** Opens or closes the annotations panel; closing puts down the kind in hand. */
export function toggleAnnotationPanel(): void {
  annotationDraw.update((s) =>
    s.open ? { ...s, open: false, kind: null, points: [], awaitingText: false } : { ...s, open: true },
  );
}
