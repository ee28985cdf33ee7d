import { type Rng } from './random';
import type { LoggedEvent } from './eventLog';

/** Misbehaviour on request, each off by default; rates are shares of live events (0..1). */
export interface FaultOptions {
  /** Close every client's transport every N seconds (a dropped link: the client reconnects). */
  dropEverySec?: number;
  /** Send a share of live events twice. */
  duplicateRate?: number;
  /** Swap a share of live events with their successor. */
  reorderRate?: number;
  /** Leave a share of live events out of the live stream (a gap; they stay available to resume). */
  gapRate?: number;
  /** Add a share of malformed messages to live batches. */
  malformedRate?: number;
  /** Stop and start the whole server every N seconds (its log survives in SQLite). */
  restartEverySec?: number;
  /** Seed of the fault draws, so a failing test can be replayed. */
  seed?: number;
}

/** What the faults did, so tests can check exact counts. */
export interface FaultStats {
  drops: number;
  duplicates: number;
  reorders: number;
  gaps: number;
  malformed: number;
  restarts: number;
}

/** An empty tally. */
export function emptyFaultStats(): FaultStats {
  return { drops: 0, duplicates: 0, reorders: 0, gaps: 0, malformed: 0, restarts: 0 };
}

/**
 * Ways a message can be broken. Each returns a value that the protocol schemas must reject; the
 * list is also what the client's quarantine tests are made from.
 */
export const MALFORMED_MAKERS: readonly ((rng: Rng, base: LoggedEvent) => unknown)[] = [
  (_r, e) => ({ ...e, seq: undefined }),
  (_r, e) => ({ ...e, seq: -5 }),
  (_r, e) => ({ ...e, seq: 'twelve' }),
  (_r, e) => ({ ...e, ts: 'yesterday' }),
  (_r, e) => ({ ...e, id: '' }),
  (_r, e) => ({ ...e, type: 'Unit Position!' }),
  (_r, e) => ({ ...e, payload: null }),
  (_r, e) => ({ ...e, payload: [1, 2, 3] }),
  (_r, e) => ({
    seq: e.seq,
    id: e.id,
    ts: e.ts,
    type: 'unit.position',
    payload: { unitId: 'U0001', lon: null, lat: 44, heading: 0, speed: 0, accuracy: 5, at: e.ts },
  }),
  (_r, e) => ({
    seq: e.seq,
    id: e.id,
    ts: e.ts,
    type: 'unit.position',
    payload: { unitId: 'U0001', lon: 19, lat: 91.5, heading: 0, speed: 0, accuracy: 5, at: e.ts },
  }),
  (_r, e) => ({
    seq: e.seq,
    id: e.id,
    ts: e.ts,
    type: 'incident.note_added',
    payload: { incidentId: 'X', noteId: 'N', author: 'a', text: 'x'.repeat(10_000), at: e.ts },
  }),
  (_r, e) =>
    JSON.parse(
      `{"seq":${e.seq},"id":"${e.id}","ts":${e.ts},"type":"unit.position","payload":{"__proto__":{"polluted":true}}}`,
    ) as unknown,
  (_r, e) => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { nested: deep };
    return { ...e, payload: deep };
  },
  () => 'not an event',
  () => 42,
  () => null,
];

/**
 * Applies the event-level faults to one live batch for one client: drops (gaps), duplicates,
 * swaps, and malformed extras. The real events stay in the log, so a client that notices the damage
 * can repair it with `resume`.
 */
export function damageBatch(
  batch: readonly LoggedEvent[],
  faults: FaultOptions,
  rng: Rng,
  stats: FaultStats,
): unknown[] {
  const out: unknown[] = [];
  for (const event of batch) {
    if (faults.gapRate && rng.chance(faults.gapRate)) {
      stats.gaps++;
      continue;
    }
    out.push(event);
    if (faults.duplicateRate && rng.chance(faults.duplicateRate)) {
      out.push(event);
      stats.duplicates++;
    }
    if (faults.malformedRate && rng.chance(faults.malformedRate)) {
      out.push(rng.pick(MALFORMED_MAKERS)(rng, event));
      stats.malformed++;
    }
  }
  if (faults.reorderRate) {
    for (let i = 0; i + 1 < out.length; i++) {
      if (rng.chance(faults.reorderRate)) {
        const a = out[i];
        out[i] = out[i + 1];
        out[i + 1] = a;
        stats.reorders++;
        i++;
      }
    }
  }
  return out;
}
