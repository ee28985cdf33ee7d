import { deflateSync } from 'node:zlib';
import { applyEvents } from '../../../shared/applyEvent';
import { isKnownEventType, type FeedEvent } from '../../../shared/protocol/events';
import { parseEvent } from '../../../shared/protocol/parseEvent';
import type { OperationState, Unit } from '../../../shared/state';
import { ENTITY_COLLECTIONS, getEmptyState } from '../../../shared/state';
import type { FeedPosition, LogTables, StoredEvent } from './LogTables';
import { isCompactPosition, type PositionEvent } from './PositionLog';
import type { QuarantineWriter } from './Quarantine';
import type { UnitActivityLedger } from './unitActivity';

/** One batch to commit: the events, and the state they fold to. */
export interface CommitBatch {
  events: readonly StoredEvent[];
  previous: OperationState;
  next: OperationState;
  receivedAt: number;
}

/** The server's picture, replacing the log from `seq` on. */
export interface SnapshotCommit {
  operationId: string;
  seq: number;
  ts: number;
  state: OperationState;
  receivedAt: number;
}

/** The live log's writing side: what the feed's ingest commits. Every method is one transaction. */
export interface LiveLogWriter {
  commitBatch(batch: CommitBatch): void;
  commitSnapshot(snapshot: SnapshotCommit): void;
}

/** What Ingest writes: the live log, and the quarantine for what failed validation. */
export type FeedWriter = LiveLogWriter & QuarantineWriter;

/**
 * A keyframe (the whole picture, deflated: about 115 KB for 1,100 units and 48 sectors) every
 * 10,000 events or 15 minutes of operation time, whichever comes first, but not more often than
 * every 30 s of operation time. A seek decodes one keyframe (about 25 ms) and folds on from it,
 * at most 10,000 events (about 70 ms), so seeks stay well under a fifth of a second at any
 * length of operation; the keyframes cost about 5% of the store. The floor keeps a very dense
 * feed (5,000 units every few seconds) from writing one every few seconds.
 */
const KEYFRAME_EVERY_EVENTS = 10_000;
const KEYFRAME_EVERY_MS = 15 * 60_000;
const KEYFRAME_MIN_GAP_MS = 30_000;

/**
 * The live log: the feed's events, the picture they fold to (entities, each unit's position) and
 * the keyframes, written by the core's ingest in batched transactions; read back at start.
 */
export class LiveLog implements LiveLogWriter {
  private readonly stmt;
  private lastKeyframe = { seq: 0, ts: 0 };

  constructor(
    private readonly tables: LogTables,
    /** Each unit's reports and distance, kept as positions are committed (none for a read-only store). */
    private readonly activity: UnitActivityLedger | null,
  ) {
    const db = tables.db;
    this.stmt = {
      insertEvent: db.prepare<[number, string, number, string, string, number]>(
        'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertEntity: db.prepare<[string, string, string]>(
        'INSERT INTO entities (kind, id, json) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json',
      ),
      insertKeyframe: db.prepare<[number, number, Buffer]>(
        'INSERT OR REPLACE INTO keyframes (seq, ts, state) VALUES (?, ?, ?)',
      ),
      newestKeyframe: db.prepare<[], { seq: number; ts: number }>(
        'SELECT seq, ts FROM keyframes ORDER BY seq DESC LIMIT 1',
      ),
    };
    this.lastKeyframe = this.stmt.newestKeyframe.get() ?? { seq: 0, ts: 0 };
  }

  /** The picture as last committed, and where the log stands. */
  loadState(): { state: OperationState; position: FeedPosition } {
    return this.tables.loadState();
  }

  /** Where the local log stands. */
  position(): FeedPosition {
    return this.tables.position();
  }

  /** The log after `afterSeq` (every event, known or not), at most `limit`, in seq order. */
  events(afterSeq: number, limit = 10_000): StoredEvent[] {
    return this.tables.events(afterSeq, limit);
  }

  /** All seqs in the log, for tests that compare logs. */
  allSeqs(): number[] {
    const others = this.tables.db.prepare<[], number>('SELECT seq FROM events ORDER BY seq').pluck().all();
    return [...others, ...this.tables.positions.seqs()].sort((a, b) => a - b);
  }

  setOperation(operationId: string): void {
    this.tables.setMeta('operation_id', operationId);
  }

  commitBatch({ events, previous, next, receivedAt }: CommitBatch): void {
    if (events.length === 0) return;
    const last = events[events.length - 1]!;
    this.transaction(`commit of ${events.length} events`, () => {
      // A report about a unit not (yet) held is logged but is no position of any unit: it is marked
      // so, and left out of trails, as the reducer left it out of the picture.
      const createdHere = new Set<string>();
      const reports: { event: PositionEvent; orphan: boolean }[] = [];
      for (const e of events) {
        if (isCompactPosition(e)) {
          const unitId = e.payload.unitId;
          reports.push({
            event: e,
            orphan: !Object.hasOwn(previous.units, unitId) && !createdHere.has(unitId),
          });
          continue;
        }
        this.stmt.insertEvent.run(e.seq, e.id, e.ts, e.type, JSON.stringify(e.payload), e.known ? 1 : 0);
        if (e.known && e.type === 'unit.upserted') createdHere.add((e.payload as { unitId: string }).unitId);
      }
      this.tables.positions.append(reports);
      // The activity ledger takes the reports trails show (not those about a unit not held), in seq order.
      for (const { event, orphan } of reports)
        if (!orphan) {
          const p = event.payload;
          this.activity?.record(p.unitId, p.at, p.lon, p.lat, event.seq);
        }
      this.activity?.flush();
      this.tables.positions.writeCurrent(previous, next);
      this.writeChangedEntities(previous, next);
      this.tables.setMeta('last_seq', String(last.seq));
      this.tables.setMeta('last_received_at', String(receivedAt));
      this.tables.setMeta('last_event_ts', String(last.ts));
      if (
        (last.seq - this.lastKeyframe.seq >= KEYFRAME_EVERY_EVENTS &&
          last.ts - this.lastKeyframe.ts >= KEYFRAME_MIN_GAP_MS) ||
        last.ts - this.lastKeyframe.ts >= KEYFRAME_EVERY_MS
      ) {
        this.writeKeyframe(last.seq, last.ts, next);
      }
    });
  }

  commitSnapshot({ operationId, seq, ts, state, receivedAt }: SnapshotCommit): void {
    const db = this.tables.db;
    this.transaction('snapshot', () => {
      // A server that lost its log answers with a snapshot behind our newest seq: its timeline
      // replaces ours from there, so what we hold past it is dropped (the seqs will be reused).
      db.prepare('DELETE FROM events WHERE seq > ?').run(seq);
      db.prepare('DELETE FROM keyframes WHERE seq > ?').run(seq);
      this.tables.positions.resetTo(seq, state);
      this.activity?.invalidate();
      if (this.lastKeyframe.seq > seq) this.lastKeyframe = { seq: 0, ts: 0 };
      db.prepare('DELETE FROM entities').run();
      this.writeChangedEntities(getEmptyState(), state);
      this.tables.setMeta('operation_id', operationId);
      this.tables.setMeta('last_seq', String(seq));
      this.tables.setMeta('last_received_at', String(receivedAt));
      this.tables.setMeta('last_event_ts', String(ts));
      // The log has a hole before a snapshot; record where, so replay knows to start from here.
      this.tables.setMeta('snapshot_seq', String(seq));
      this.writeKeyframe(seq, ts, state);
    });
  }

  /**
   * Events an older build stored as of a type it did not know, whose type this build knows: checked
   * against the protocol and applied, as if they had come now (one that fails the check stays
   * stored, not applied). The picture is folded again from the keyframe before the first of them,
   * and the keyframes after it, which lack their effect, are dropped, except a snapshot's (the
   * server's own picture, which had them). Returns how many were applied.
   */
  applyNewlyKnown(): number {
    const db = this.tables.db;
    const rows = db
      .prepare<[], { seq: number; id: string; ts: number; type: string; payload: string }>(
        'SELECT seq, id, ts, type, payload FROM events WHERE known = 0 ORDER BY seq',
      )
      .all();
    const now = rows.filter(
      (r) =>
        isKnownEventType(r.type) &&
        parseEvent({
          seq: r.seq,
          id: r.id,
          ts: r.ts,
          type: r.type,
          payload: JSON.parse(r.payload) as unknown,
        }).kind === 'known',
    );
    if (now.length === 0) return 0;
    const snapshotSeq = Number(this.tables.meta('snapshot_seq') ?? 0);
    const lastSeq = this.tables.position().lastSeq;
    this.transaction('events of newly known types', () => {
      const mark = db.prepare<[number]>('UPDATE events SET known = 1 WHERE seq = ?');
      for (const r of now) mark.run(r.seq);
      db.prepare('DELETE FROM keyframes WHERE seq >= ? AND seq != ?').run(now[0]!.seq, snapshotSeq);
      // Before a snapshot, the picture after it is the server's: only what came after it is folded again.
      const from = now.find((r) => r.seq > snapshotSeq)?.seq;
      if (from !== undefined) {
        const base = this.tables.keyframeAtOrBefore(from - 1);
        let state = base?.state ?? getEmptyState();
        for (const page of this.tables.eventsBetween(base?.seq ?? 0, lastSeq))
          state = applyEvents(state, page as unknown as FeedEvent[]);
        db.prepare('DELETE FROM entities').run();
        this.writeChangedEntities(getEmptyState(), state);
        this.tables.positions.rewriteCurrent(state);
      }
      this.lastKeyframe = this.stmt.newestKeyframe.get() ?? { seq: 0, ts: 0 };
    });
    return now.length;
  }

  /**
   * Runs one transaction (timed as a whole); when it rolls back, what the position log caches (unit
   * keys, the open span) is read again, so that it never refers to a row that was not kept, and the
   * activity ledger's memory is dropped, so that it leaves no trace of the batch.
   */
  private transaction(label: string, run: () => void): void {
    try {
      this.tables.db.transaction(label, run);
    } catch (error) {
      this.tables.positions.reload();
      this.activity?.forget();
      throw error;
    }
  }

  private writeKeyframe(seq: number, ts: number, state: OperationState): void {
    this.stmt.insertKeyframe.run(seq, ts, deflateSync(JSON.stringify(state), { level: 1 }));
    this.lastKeyframe = { seq, ts };
  }

  /** Upserts the entities whose objects changed; the reducer keeps unchanged ones identical, so this is a reference check. */
  private writeChangedEntities(previous: OperationState, next: OperationState): void {
    if (next.operation !== previous.operation && next.operation) {
      this.stmt.upsertEntity.run('operation', 'current', JSON.stringify(next.operation));
    }
    for (const kind of ENTITY_COLLECTIONS) {
      const before = previous[kind] as Record<string, unknown>;
      const after = next[kind] as Record<string, unknown>;
      if (before === after) continue;
      for (const id of Object.keys(after)) {
        const a = after[id];
        const b = before[id];
        if (a === b) continue;
        if (kind === 'units') {
          // A unit's position lives in unit_positions (written with its reports); the row holds the
          // rest, so the thousands of reports a second do not each rewrite a unit.
          if (b !== undefined && sameExceptPosition(a as Unit, b as Unit)) continue;
          this.stmt.upsertEntity.run(kind, id, JSON.stringify({ ...(a as Unit), position: null }));
        } else {
          this.stmt.upsertEntity.run(kind, id, JSON.stringify(a));
        }
      }
    }
  }
}

/** True when two versions of a unit differ at most in their position. */
function sameExceptPosition(a: Unit, b: Unit): boolean {
  for (const key of Object.keys(a) as (keyof Unit)[])
    if (key !== 'position' && a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}
