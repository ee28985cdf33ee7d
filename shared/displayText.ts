import { setOwn } from './getOwn';
import type { PictureDelta } from './pictureDelta';
import { ENTITY_COLLECTIONS, type OperationState } from './state';

/**
 * The bidirectional formatting controls: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). In feed text they let a sender reorder
 * what is shown, so that a callsign reads as another or drags the labels after it around.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * Feed text as it may be shown: every bidi control replaced by U+FFFD, so that nothing is reordered
 * and the officer can see something was there. Right-to-left letters stay (a name in Arabic script
 * is fine); the page isolates each data span so such a name cannot move its neighbours.
 */
export function displayText(text: string): string {
  return HAS_BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, '\uFFFD') : text;
}

/**
 * {@link displayText} on every string in a value off the wire (objects, arrays), keys untouched.
 * Returns the very same value when nothing needed it, so unchanged entities keep their identity
 * (React and deck.gl skip them).
 */
export function displayValue<T>(value: T): T {
  if (typeof value === 'string') return displayText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((item: unknown, i) => {
      const shown = displayValue(item);
      if (shown === item) return;
      out ??= [...(value as unknown[])];
      out[i] = shown;
    });
    return (out ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(record)) {
    const shown = displayValue(item);
    if (shown === item) continue;
    out ??= { ...record };
    setOwn(out, key, shown);
  }
  return (out ?? value) as T;
}

/** A whole picture made fit to show (see {@link displayValue}); the same object when it already was. */
export function displayState(state: OperationState): OperationState {
  let out: { -readonly [K in keyof OperationState]: OperationState[K] } | null = null;
  const operation = displayValue(state.operation);
  if (operation !== state.operation) out = { ...state, operation };
  for (const kind of ENTITY_COLLECTIONS) {
    const shown = displayValue(state[kind]);
    if (shown === state[kind]) continue;
    out ??= { ...state };
    (out as Record<string, unknown>)[kind] = shown;
  }
  return out ?? state;
}

/**
 * A delta made fit to show (see {@link displayValue}): its entities and its operation, live and in
 * replay alike. The same object when it already was.
 */
export function displayDelta(delta: PictureDelta): PictureDelta {
  const changed = displayValue(delta.changed);
  const operation = displayValue(delta.operation);
  if (changed === delta.changed && operation === delta.operation) return delta;
  return { ...delta, changed, ...(operation !== undefined ? { operation } : {}) };
}
