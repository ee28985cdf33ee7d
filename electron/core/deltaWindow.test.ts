import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, emptyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { ENTITY_COLLECTIONS, getEmptyState, type OperationState } from '../../shared/state';
import { DeltaWindow, mergeDeltas } from './deltaWindow';

// Deltas over a few ids of two collections: an id changed, removed, or both, in either delta.
const IDS = ['a', 'b', 'c', 'd'];
const KINDS = [ENTITY_COLLECTIONS[0], ENTITY_COLLECTIONS[2]] as const;
const deltaArb = (seq: number): fc.Arbitrary<PictureDelta> =>
  fc
    .record({
      changed: fc.tuple(...KINDS.map(() => fc.subarray(IDS))),
      removed: fc.tuple(...KINDS.map(() => fc.subarray(IDS))),
      version: fc.integer({ min: 0, max: 1_000 }),
    })
    .map(({ changed, removed, version }) => {
      const delta = emptyDelta(seq);
      KINDS.forEach((kind, k) => {
        const into = delta.changed[kind] as Record<string, unknown>;
        for (const id of changed[k]!) into[id] = { id, version, seq };
        delta.removed[kind] = removed[k]!;
      });
      return delta;
    });

const stateWith = (ids: string[]): OperationState => {
  let state = getEmptyState();
  const seed = emptyDelta(0);
  for (const kind of KINDS)
    for (const id of ids) (seed.changed[kind] as Record<string, unknown>)[id] = { id, seed: true };
  state = applyDelta(state, seed);
  return state;
};

describe('merging two deltas of the picture', () => {
  it('gives the picture that applying one and then the other gives', () => {
    fc.assert(
      fc.property(fc.subarray(IDS), deltaArb(1), deltaArb(2), (present, first, second) => {
        const start = stateWith(present);
        const merged = mergeDeltas(first, second);
        expect(applyDelta(start, merged)).toEqual(applyDelta(applyDelta(start, first), second));
        expect(merged.seq).toBe(2);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the newer operation and a reset of either', () => {
    const first = { ...emptyDelta(1), reset: true, operation: getEmptyState().operation };
    const second = emptyDelta(2);
    const merged = mergeDeltas(first, second);
    expect(merged.reset).toBe(true);
    expect(merged.operation).toBe(first.operation);
  });
});

describe('a receiver’s window on the deltas', () => {
  it('sends one at a time and merges what came meanwhile into one with the newest of everything', () => {
    const sent: PictureDelta[] = [];
    const answers: (() => void)[] = [];
    const window = new DeltaWindow((delta, done) => {
      sent.push(delta);
      answers.push(done);
    });
    const unit = (seq: number, version: number): PictureDelta => {
      const delta = emptyDelta(seq);
      (delta.changed.units as Record<string, unknown>)['U1'] = { version };
      return delta;
    };
    window.offer(unit(1, 1));
    window.offer(unit(2, 2));
    window.offer(unit(3, 3));
    expect(sent).toHaveLength(1);
    answers[0]!();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.seq).toBe(3);
    expect(sent[1]!.changed.units['U1']).toEqual({ version: 3 });
    expect(window.merged).toBe(1);
    answers[0]!(); // a second answer to the same send changes nothing
    expect(sent).toHaveLength(2);
    window.close();
    answers[1]!();
    window.offer(unit(4, 4));
    expect(sent).toHaveLength(2);
  });
});
