import { useSyncExternalStore } from 'react';
import {
  ANNOTATION_COLOR_NAMES,
  ANNOTATION_LIMITS,
  type AnnotationColor,
  type AnnotationKind,
} from '../../../shared/annotation';
import type { LngLat } from '../../../shared/units';

/**
 * Drawing a shared annotation: which kind is in hand, its colour, the positions clicked so far,
 * and the text form of a text. This officer's work in progress, at click rate, kept apart from the
 * operation's store until it is sent (annotationActions.ts). Changed only through the pure
 * updaters below, so the rules (Esc cancels, Enter or a double click finishes, bounds) are tested
 * without a map.
 */

export interface AnnotationDrawState {
  /** The annotations panel is open. */
  open: boolean;
  /** The kind being drawn; null: the map's clicks select as usual. */
  kind: AnnotationKind | null;
  color: AnnotationColor;
  points: readonly LngLat[];
  /** A finished shape waits for its text (a text annotation): where the text goes. */
  awaitingText: boolean;
  /** The area drawn is a watch zone's (renderer/src/zones), not an annotation to send. */
  forZone?: boolean;
  /** A shape has just been finished and the next one is not begun yet. */
  finished?: boolean;
}

export function initialAnnotationDraw(): AnnotationDrawState {
  return { open: false, kind: null, color: ANNOTATION_COLOR_NAMES[0], points: [], awaitingText: false };
}

/** The positions each kind needs before it can be finished. */
export const MIN_POINTS: Readonly<Record<AnnotationKind, number>> = {
  point: 1,
  text: 1,
  line: 2,
  polygon: 3,
};

/** Takes up a kind (or puts it down when it is the one in hand); any shape begun is dropped. */
export function chooseKind(s: AnnotationDrawState, kind: AnnotationKind): AnnotationDrawState {
  return {
    ...s,
    open: true,
    kind: s.kind === kind ? null : kind,
    points: [],
    awaitingText: false,
    forZone: false,
    finished: false,
  };
}

/** Two clicks closer than this (degrees) are one: a double click's two clicks, a shaky hand. */
const SAME_POINT = 1e-7;

/**
 * A click on the map with a kind in hand: a point or a text takes its one position (and a text
 * then waits for its words); a line or an area takes one more vertex, up to the bound.
 */
export function clickAt(s: AnnotationDrawState, at: LngLat): AnnotationDrawState {
  if (s.kind === null || s.awaitingText) return s;
  if (s.kind === 'point' || s.kind === 'text')
    return { ...s, points: [at], awaitingText: s.kind === 'text', finished: false };
  const last = s.points[s.points.length - 1];
  if (last && Math.abs(last[0] - at[0]) < SAME_POINT && Math.abs(last[1] - at[1]) < SAME_POINT) return s;
  if (s.points.length >= ANNOTATION_LIMITS.maxVertices) return s;
  return { ...s, points: [...s.points, at], finished: false };
}

/** Whether the shape in hand can be finished now (Enter, a double click, the Finish button). */
export function canFinish(s: AnnotationDrawState): boolean {
  return s.kind !== null && s.kind !== 'text' && s.points.length >= MIN_POINTS[s.kind];
}

/** What a finished shape sends, and the state after it (the kind stays in hand for the next one). */
export function finish(
  s: AnnotationDrawState,
  text?: string,
): {
  state: AnnotationDrawState;
  shape: { kind: AnnotationKind; coordinates: LngLat[]; text?: string };
} | null {
  if (s.kind === null || s.points.length < MIN_POINTS[s.kind]) return null;
  const words = text?.trim() ?? '';
  if (s.kind === 'text' && words.length === 0) return null;
  const shape = {
    kind: s.kind,
    coordinates: [...s.points],
    ...(words ? { text: words.slice(0, ANNOTATION_LIMITS.maxTextLength) } : {}),
  };
  return { state: { ...s, points: [], awaitingText: false, finished: true }, shape };
}

/** What the officer is told to do next, as a key under `map:annotations.hint` and its values. */
export function drawHint(s: AnnotationDrawState): { key: string; n?: number } {
  if (s.kind === null) return { key: 'choose' };
  if (s.kind === 'point') return { key: 'point' };
  if (s.kind === 'text') return { key: s.awaitingText ? 'textWords' : 'text' };
  // Just finished: how many points the next one needs is news only once it is begun.
  if (s.finished === true && s.points.length === 0) return { key: 'next' };
  const needed = MIN_POINTS[s.kind];
  return s.points.length < needed
    ? { key: 'more', n: needed - s.points.length }
    : { key: 'finish', n: s.points.length };
}

/**
 * Esc, one step at a time: first the shape begun (or the text form), then the kind in hand. `handled`
 * false: nothing was being drawn, and Esc means what it means elsewhere.
 */
export function escape(s: AnnotationDrawState): { state: AnnotationDrawState; handled: boolean } {
  if (s.points.length > 0 || s.awaitingText)
    return { state: { ...s, points: [], awaitingText: false, finished: false }, handled: true };
  if (s.kind !== null) return { state: { ...s, kind: null }, handled: true };
  return { state: s, handled: false };
}

class AnnotationDrawStore {
  private current = initialAnnotationDraw();
  private readonly listeners = new Set<() => void>();

  get snapshot(): AnnotationDrawState {
    return this.current;
  }

  readonly getSnapshot = (): AnnotationDrawState => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  update(updater: (s: AnnotationDrawState) => AnnotationDrawState): void {
    const next = updater(this.current);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  /** Esc; true when it was the drawing's (see {@link escape}). */
  escape(): boolean {
    const { state, handled } = escape(this.current);
    this.update(() => state);
    return handled;
  }

  /** True while a kind is in hand: the map's clicks are the drawing's. */
  get drawing(): boolean {
    return this.current.kind !== null;
  }
}

/** The page's annotation drawing. */
export const annotationDraw = new AnnotationDrawStore();

export function useAnnotationDraw<T>(selector: (s: AnnotationDrawState) => T): T {
  return useSyncExternalStore(annotationDraw.subscribe, () => selector(annotationDraw.getSnapshot()));
}
