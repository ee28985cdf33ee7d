import { getOwn, setOwn } from '../../shared/getOwn';
import { emptyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { ENTITY_COLLECTIONS } from '../../shared/state';
import { SendWindow } from './sendWindow';

/**
 * One delta that does what `first` then `second` do: the newer version of each entity, the newest
 * operation, the newer seq, a reset if either was one. The positions in between are dropped (a unit
 * keeps its newest), nothing else is lost.
 */
export function mergeDeltas(first: PictureDelta, second: PictureDelta): PictureDelta {
  const out = emptyDelta(Math.max(first.seq, second.seq));
  out.reset = first.reset || second.reset;
  const operation = second.operation !== undefined ? second.operation : first.operation;
  if (operation !== undefined) out.operation = operation;
  for (const kind of ENTITY_COLLECTIONS) {
    const changed = out.changed[kind] as Record<string, unknown>;
    const a = first.changed[kind] as Record<string, unknown>;
    const b = second.changed[kind] as Record<string, unknown>;
    const goneLater = new Set(second.removed[kind]);
    for (const [id, entity] of Object.entries(a)) if (!goneLater.has(id)) setOwn(changed, id, entity);
    for (const [id, entity] of Object.entries(b)) setOwn(changed, id, entity);
    const removed = new Set(first.removed[kind].filter((id) => getOwn(b, id) === undefined));
    for (const id of second.removed[kind]) removed.add(id);
    out.removed[kind] = [...removed];
  }
  return out;
}

/**
 * One receiver's window on the picture's deltas, as {@link FrameWindow} is on the position frames:
 * at most one delta in flight, and everything that came meanwhile waits merged into one
 * ({@link mergeDeltas}), so a page that fell behind (a flood of positions, a busy or hidden tab)
 * gets one delta with the newest of everything when it answers.
 */
export class DeltaWindow extends SendWindow<PictureDelta> {
  /** Deltas merged into a later one before they could be sent. */
  get merged(): number {
    return this.combined;
  }

  protected combine(waiting: PictureDelta, next: PictureDelta): PictureDelta {
    return mergeDeltas(waiting, next);
  }
}
