import { inflateSync } from 'node:zlib';
import type { OperationState } from '../../../shared/state';
import { ENTITY_COLLECTIONS, getEmptyState, withAllCollections } from '../../../shared/state';
import type { PositionEvent, PositionLog } from './PositionLog';
import type { TimedDatabase } from './TimedDatabase';

/** An event as the store keeps it: the validated envelope, payload as JSON. */
export interface StoredEvent {
  seq: number;
  id: string;
  ts: number;
  type: string;
  payload: Record<string, unknown>;
  /** False for a type from a newer protocol: kept, never applied. */
  known: boolean;
}

/** What the store remembers about the feed besides the log. */
export interface FeedPosition {
  operationId: string | null;
  lastSeq: number;
  /** Local time the last event was committed. */
  lastReceivedAt: number | null;
  /** Operation time of the last event. */
  lastEventTs: number | null;
}

/** A keyframe: the whole picture at a seq. */
export interface Keyframe {
  seq: number;
  ts: number;
  state: OperationState;
}

type EventRow = { seq: number; id: string; ts: number; type: string; payload: string; known: number };

/**
 * The reads of the log's tables that both the live log (Ingest's side) and the replay reader need:
 * the meta keys, where the log stands, the last picture, keyframes and pages of events. Shared, so
 * the two consumers read the same rows the same way; the writes are the live log's alone.
 */
export class LogTables {
  private readonly stmt;

  constructor(
    readonly db: TimedDatabase,
    readonly positions: PositionLog,
  ) {
    this.stmt = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      events: db.prepare<[number, number], EventRow>(
        'SELECT seq, id, ts, type, payload, known FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  meta(key: string): string | undefined {
    return this.stmt.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  /** Where the local log stands. */
  position(): FeedPosition {
    const num = (key: string): number | null => {
      const v = this.meta(key);
      return v === undefined ? null : Number(v);
    };
    return {
      operationId: this.meta('operation_id') ?? null,
      lastSeq: num('last_seq') ?? 0,
      lastReceivedAt: num('last_received_at'),
      lastEventTs: num('last_event_ts'),
    };
  }

  /** The picture as last committed, and where the log stands. */
  loadState(): { state: OperationState; position: FeedPosition } {
    const state = getEmptyState() as { -readonly [K in keyof OperationState]: OperationState[K] };
    const collections: Record<string, Record<string, unknown>> = {};
    for (const c of ENTITY_COLLECTIONS) collections[c] = {};
    for (const row of this.db
      .prepare<[], { kind: string; id: string; json: string }>('SELECT kind, id, json FROM entities')
      .iterate()) {
      if (row.kind === 'operation') state.operation = JSON.parse(row.json) as OperationState['operation'];
      else if (collections[row.kind]) collections[row.kind]![row.id] = JSON.parse(row.json);
    }
    // Each unit's position is kept apart, as the reducer left it, so that a report does not rewrite the unit.
    const current = this.positions.current();
    for (const [id, unit] of Object.entries(collections['units']!)) {
      const p = current.get(id);
      if (p) (unit as { position: unknown }).position = p;
    }
    Object.assign(state, collections);
    return { state, position: this.position() };
  }

  /** The log after `afterSeq` (every event, known or not), at most `limit`, in seq order. */
  events(afterSeq: number, limit = 10_000): StoredEvent[] {
    const others = this.stmt.events.all(afterSeq, limit).map((r) => ({
      seq: r.seq,
      id: r.id,
      ts: r.ts,
      type: r.type,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      known: r.known === 1,
    }));
    return mergeBySeq(others, this.positions.page(afterSeq, Number.MAX_SAFE_INTEGER, limit), limit);
  }

  /** The newest keyframe at or before `seq`. */
  keyframeAtOrBefore(seq: number): Keyframe | undefined {
    const row = this.db
      .prepare<[number], { seq: number; ts: number; state: Buffer }>(
        'SELECT seq, ts, state FROM keyframes WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
      )
      .get(seq);
    return row
      ? {
          seq: row.seq,
          ts: row.ts,
          // A keyframe written before readmission cases were kept lacks their collection.
          state: withAllCollections(JSON.parse(inflateSync(row.state).toString('utf8')) as OperationState),
        }
      : undefined;
  }

  /**
   * The known events in (afterSeq, untilSeq], oldest first, read lazily in pages so that a fold
   * over millions of events holds one page at a time.
   */
  *eventsBetween(afterSeq: number, untilSeq: number, pageSize = 5000): Generator<StoredEvent[]> {
    const page = this.db.prepare<[number, number, number], Omit<EventRow, 'known'>>(
      'SELECT seq, id, ts, type, payload FROM events WHERE seq > ? AND seq <= ? AND known = 1 ORDER BY seq LIMIT ?',
    );
    let after = afterSeq;
    for (;;) {
      const others = page.all(after, untilSeq, pageSize).map((r) => ({
        seq: r.seq,
        id: r.id,
        ts: r.ts,
        type: r.type,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        known: true,
      }));
      const rows = mergeBySeq(others, this.positions.page(after, untilSeq, pageSize), pageSize);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.seq;
      yield rows;
      if (rows.length < pageSize) return;
    }
  }

  keyframeCount(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM keyframes').pluck().get() ?? 0;
  }
}

/**
 * The log's events other than position reports and its position reports, both in seq order,
 * merged into one list of at most `limit`: the first `limit` of the log from where both began.
 */
function mergeBySeq(others: StoredEvent[], reports: PositionEvent[], limit: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < others.length || j < reports.length)) {
    const report = reports[j];
    if (report && (i >= others.length || report.seq < others[i]!.seq)) {
      out.push({ ...report, type: 'unit.position', known: true });
      j++;
    } else out.push(others[i++]!);
  }
  return out;
}
