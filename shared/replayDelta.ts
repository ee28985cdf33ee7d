import { getOwn, setOwn } from './getOwn';
import type { ReplayDelta } from './replay';
import { ENTITY_COLLECTIONS, type OperationState } from './state';

/** What changed from `before` to `after`, by reference (the reducer keeps unchanged entities identical). */
export function diffStates(before: OperationState, after: OperationState): ReplayDelta {
  // One empty entry per collection, so a collection added to the picture is in every delta.
  const delta: ReplayDelta = {
    changed: Object.fromEntries(ENTITY_COLLECTIONS.map((k) => [k, {}])) as ReplayDelta['changed'],
    removed: Object.fromEntries(ENTITY_COLLECTIONS.map((k) => [k, []])) as unknown as ReplayDelta['removed'],
  };
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

/** Applies a replay delta (the renderer's side of {@link diffStates}). */
export function applyReplayDelta(state: OperationState, delta: ReplayDelta): OperationState {
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
