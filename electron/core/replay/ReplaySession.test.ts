import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../../shared/state';
import { SqliteStore, type StoredEvent } from '../store/SqliteStore';
import { ReplaySession } from './ReplaySession';

const T0 = Date.UTC(2026, 9, 5, 6);
let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-session-'));
  store = SqliteStore.open(join(dir, 's.sqlite')).store;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function event(seq: number, ts: number, type: string, payload: Record<string, unknown>): StoredEvent {
  return { seq, id: `OP.${seq}`, ts, type, payload, known: true };
}

function setUp(seq: number): StoredEvent[] {
  return [
    event(seq, T0, 'operation.started', {
      operationId: 'OP',
      name: 'Replay test',
      mode: 'exercise',
      countries: ['BA', 'RS'],
      agencies: ['Border police'],
      plannedStartAt: T0,
      plannedEndAt: T0 + 86_400_000,
      startedAt: T0,
    }),
    event(seq + 1, T0, 'unit.upserted', {
      unitId: 'U1',
      callsign: 'RS-BP 1',
      agency: 'border_police',
      organisation: 'Border Police Administration of Serbia',
      country: 'RS',
      kind: 'vehicle',
      status: 'patrolling',
    }),
  ];
}

function position(seq: number, at: number, lon: number): StoredEvent {
  return event(seq, at, 'unit.position', {
    unitId: 'U1',
    lon,
    lat: 44.3,
    heading: 90,
    speed: 10,
    accuracy: 5,
    at,
  });
}

/** Commits events the way ingest does and returns the state they fold to. */
function commit(state: OperationState, events: StoredEvent[]): OperationState {
  const next = applyEvents(state, events as unknown as FeedEvent[]);
  store.liveLog.commitBatch({ events, previous: state, next, receivedAt: T0 });
  return next;
}

describe('replay session', () => {
  it('is empty before the first event and at the last event after the end', () => {
    const state = commit(getEmptyState(), [...setUp(1), position(3, T0 + 1000, 19.1)]);
    const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'A');
    expect(session.stateAt(T0 - 1)).toMatchObject({ seq: 0, path: 'empty', state: getEmptyState() });
    expect(session.stateAt(T0 + 10 * 86_400_000).state).toEqual(state);
  });

  it('never folds across the hole a snapshot leaves in the log', () => {
    let state = commit(getEmptyState(), [...setUp(1), position(3, T0 + 1000, 19.1)]);
    const before = state;
    // The link was away; the server answered with a snapshot at seq 100 (a hole from 4 to 99).
    const snapshot = applyEvents(state, [position(99, T0 + 60_000, 19.5)] as unknown as FeedEvent[]);
    store.liveLog.commitSnapshot({
      operationId: 'OP',
      seq: 100,
      ts: T0 + 60_000,
      state: snapshot,
      receivedAt: T0,
    });
    state = commit(snapshot, [position(101, T0 + 61_000, 19.6)]);
    const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'A');
    expect(session.stateAt(T0 + 30_000).state).toEqual(before);
    // Between the snapshot and the next event, the snapshot is the picture.
    expect(new ReplaySession({ store: store.reader, kind: 'live' }, 'A').stateAt(T0 + 60_500).state).toEqual(
      snapshot,
    );
    // From a cursor before the hole to a moment after it: the snapshot's keyframe, not a fold over the hole.
    const after = session.stateAt(T0 + 61_000);
    expect(after.path).toBe('keyframe');
    expect(after.state.units['U1']!.position!.lon).toBe(19.6);
    expect(after.state).toEqual(state);
  });

  it('moves forward by folding on, and backward from a keyframe', () => {
    let state = commit(getEmptyState(), setUp(1));
    const states: OperationState[] = [];
    for (let i = 0; i < 30; i++) {
      state = commit(state, [position(3 + i, T0 + (i + 1) * 60_000, 19 + i / 100)]);
      states.push(state);
    }
    const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'A');
    expect(session.stateAt(T0 + 5 * 60_000).state).toEqual(states[4]);
    const forward = session.stateAt(T0 + 6 * 60_000);
    expect(forward.path).toBe('forward');
    expect(forward.state).toEqual(states[5]);
    expect(session.stateAt(T0 + 6 * 60_000 + 10).path).toBe('same');
    const back = session.stateAt(T0 + 2 * 60_000);
    expect(back.path).toBe('keyframe');
    expect(back.state).toEqual(states[1]);
  });
});
