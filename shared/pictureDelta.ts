import { getOwn, setOwn } from './getOwn';
import { ENTITY_COLLECTIONS, type EntityCollection, type OperationState } from './state';

/**
 * The one form in which a picture changes on its way to the page, live and in replay alike: the
 * core's batches of the feed (`state:delta`) and replay's steps between two moments
 * (`SeekResult.delta`) are both made by {@link diffStates} and applied by {@link applyDelta}.
 */
export interface PictureDelta {
  /** The newest event folded into the picture this delta leads to. */
  seq: number;
  /**
   * True when the sender's picture was replaced whole (a snapshot from the server): the receiver
   * drops what it holds and starts over from the sender's whole picture (the live page reloads
   * it). Replay never sets it: its first answer carries the whole picture instead of a delta.
   */
  reset: boolean;
  /** The operation, only when it changed. */
  operation?: OperationState['operation'];
  /** Entities new or changed, by collection (every collection present, most of them empty). */
  changed: { [K in EntityCollection]: OperationState[K] };
  /**
   * Ids of entities gone, by collection. The live picture never removes an entity (always empty
   * there); replay does when it moves backwards past their first event.
   */
  removed: { [K in EntityCollection]: string[] };
}

/** A delta that changes nothing, with one empty entry per collection of the picture. */
export function emptyDelta(seq: number): PictureDelta {
  return {
    seq,
    reset: false,
    changed: Object.fromEntries(ENTITY_COLLECTIONS.map((k) => [k, {}])) as PictureDelta['changed'],
    removed: Object.fromEntries(ENTITY_COLLECTIONS.map((k) => [k, []])) as unknown as PictureDelta['removed'],
  };
}

/** Whether a delta changes nothing at all. */
export function isEmptyDelta(delta: PictureDelta): boolean {
  return (
    !delta.reset &&
    delta.operation === undefined &&
    ENTITY_COLLECTIONS.every(
      (kind) => Object.keys(delta.changed[kind]).length === 0 && delta.removed[kind].length === 0,
    )
  );
}

/**
 * What changed from `before` to `after` (the picture at `seq`), by reference: the reducer keeps
 * unchanged entities identical, so this is one pass over the collections that changed.
 */
export function diffStates(before: OperationState, after: OperationState, seq: number): PictureDelta {
  const delta = emptyDelta(seq);
  if (before.operation !== after.operation) delta.operation = after.operation;
  for (const kind of ENTITY_COLLECTIONS) {
    const a = before[kind] as Record<string, unknown>;
    const b = after[kind] as Record<string, unknown>;
    if (a === b) continue;
    const changed = delta.changed[kind] as Record<string, unknown>;
    for (const [id, entity] of Object.entries(b)) if (getOwn(a, id) !== entity) setOwn(changed, id, entity);
    for (const id of Object.keys(a)) if (!Object.hasOwn(b, id)) delta.removed[kind].push(id);
  }
  return delta;
}

/**
 * Applies a delta (the receiver's side of {@link diffStates}): changed entities replace theirs,
 * removed ones go, and a collection nothing happened to keeps its identity. `reset` is the
 * receiver's to act on before this (it means the delta alone is not the whole story).
 */
export function applyDelta(state: OperationState, delta: PictureDelta): OperationState {
  const out = { ...state } as { -readonly [K in keyof OperationState]: OperationState[K] };
  if (delta.operation !== undefined) out.operation = delta.operation;
  for (const kind of ENTITY_COLLECTIONS) {
    const changed = delta.changed[kind] as Record<string, unknown>;
    const removed = delta.removed[kind];
    if (Object.keys(changed).length === 0 && removed.length === 0) continue;
    const next: Record<string, unknown> = { ...(state[kind] as Record<string, unknown>), ...changed };
    for (const id of removed) delete next[id];
    (out as Record<string, unknown>)[kind] = next;
  }
  return out;
}
