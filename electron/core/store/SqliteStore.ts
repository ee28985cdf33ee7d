import Database from 'better-sqlite3';
import { existsSync, renameSync, statSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import type { OutboxEntry } from '../../../shared/coreTypes';
import type { OperationState, Unit } from '../../../shared/state';
import { getEmptyState } from '../../../shared/state';
import { migrate } from './migrations';

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

/** Reading side of the store. */
export interface StoreReader {
  readonly path: string;
  loadState(): { state: OperationState; position: FeedPosition };
  events(afterSeq: number, limit?: number): StoredEvent[];
  outbox(status?: OutboxEntry['status']): OutboxEntry[];
  outboxDepth(): number;
  quarantineCount(): number;
  sizeBytes(): number;
  keyframeCount(): number;
}

/** One batch to commit: the events, and the state they fold to. */
export interface CommitBatch {
  events: readonly StoredEvent[];
  previous: OperationState;
  next: OperationState;
  receivedAt: number;
}

/** Writing side of the store. Every method is one transaction. */
export interface StoreWriter {
  commitBatch(batch: CommitBatch): void;
  commitSnapshot(snapshot: {
    operationId: string;
    seq: number;
    ts: number;
    state: OperationState;
    receivedAt: number;
  }): void;
  setOperation(operationId: string): void;
  quarantine(entries: readonly { reason: string; raw: unknown; receivedAt: number }[]): void;
  outboxAdd(entry: Omit<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'resultSeqs'>): void;
  outboxResult(
    commandId: string,
    result: { status: 'acked'; seqs: number[] } | { status: 'rejected'; error: string },
    at: number,
  ): void;
  outboxAttempt(commandId: string, error: string | null, at: number): void;
}

/** Raised when another Watchfloor already has the store open. */
export class StoreLockedError extends Error {}

/** How the store was opened, for the user to read. */
export interface OpenNotice {
  /** Set when the file was corrupt and moved aside; the store starts empty and refills from the server. */
  movedAside?: string;
}

const RAW_LIMIT = 16_384;
const KEYFRAME_EVERY_EVENTS = 50_000;
const KEYFRAME_EVERY_MS = 15 * 60_000;
const SLOW_MS = 200;
/** Above this size the open check is quick_check, which skips the index cross-check that takes minutes on a large file. */
const FULL_CHECK_BELOW_BYTES = 256 * 1024 * 1024;
const COLLECTIONS = ['sectors', 'crossings', 'units', 'incidents', 'bookmarks'] as const;

/**
 * The local store: one SQLite file per operation, in the main process. WAL with synchronous=FULL,
 * so a committed batch survives power loss, not only a crash; writes batched into transactions by
 * the caller; the file held with an exclusive lock so a second instance is refused at once (the
 * OS drops the lock when the process dies, so a crash never leaves a stale lock behind).
 */
export class SqliteStore implements StoreReader, StoreWriter {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly log: (line: string) => void;
  private readonly stmt;
  private lastKeyframe = { seq: 0, ts: 0 };
  private quarantined = 0;

  private constructor(path: string, db: Database.Database, log: (line: string) => void) {
    this.path = path;
    this.db = db;
    this.log = log;
    this.stmt = {
      insertEvent: db.prepare<[number, string, number, string, string, number]>(
        'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertEntity: db.prepare<[string, string, string]>(
        'INSERT INTO entities (kind, id, json) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json',
      ),
      insertPosition: db.prepare<[string, number, number, number, number, number, number, number]>(
        'INSERT INTO positions (unit_id, ts, lon, lat, heading, speed, accuracy, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      setMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      insertKeyframe: db.prepare<[number, number, Buffer]>(
        'INSERT OR REPLACE INTO keyframes (seq, ts, state) VALUES (?, ?, ?)',
      ),
      insertQuarantine: db.prepare<[number, string, string, number]>(
        'INSERT INTO quarantine (received_at, reason, raw, raw_bytes) VALUES (?, ?, ?, ?)',
      ),
      events: db.prepare<
        [number, number],
        { seq: number; id: string; ts: number; type: string; payload: string; known: number }
      >('SELECT seq, id, ts, type, payload, known FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
    };
    const keyframe = db.prepare('SELECT seq, ts FROM keyframes ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; ts: number } | undefined;
    if (keyframe) this.lastKeyframe = keyframe;
    this.quarantined = (db.prepare('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number }).n;
  }

  /**
   * Opens (or creates) the store. Refuses a file another instance holds, moves a corrupt file aside
   * (with its WAL) and starts empty, and migrates the schema forward.
   */
  static open(
    path: string,
    options: { log?: (line: string) => void; now?: () => number } = {},
  ): { store: SqliteStore; notice: OpenNotice } {
    const log = options.log ?? (() => {});
    const notice: OpenNotice = {};
    let db: Database.Database;
    try {
      db = SqliteStore.connect(path);
      const problems = SqliteStore.check(db, path);
      if (problems.length > 0) {
        db.close();
        throw Object.assign(new Error(problems.slice(0, 3).join('; ')), { corrupt: true });
      }
    } catch (error) {
      if (error instanceof StoreLockedError) throw error;
      const corrupt =
        (error as { corrupt?: boolean; code?: string }).corrupt === true ||
        /SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: string }).code));
      if (!corrupt || !existsSync(path)) throw error;
      const aside = `${path}.corrupt-${new Date(options.now?.() ?? Date.now()).toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
      notice.movedAside = aside;
      log(
        `store ${path} failed its integrity check (${(error as Error).message}); moved aside to ${aside}, rebuilding from the server`,
      );
      db = SqliteStore.connect(path);
    }
    try {
      migrate(db);
      return { store: new SqliteStore(path, db, log), notice };
    } catch (error) {
      // Release the lock: a refused file must not stay locked for the life of the process.
      db.close();
      throw error;
    }
  }

  private static connect(path: string): Database.Database {
    // No busy wait: a second instance should be told at once, not hang.
    // In Electron the addon must be the build for Electron's ABI, kept apart from Node's (NOTES.md).
    const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
    const db = new Database(path, { timeout: 0, ...(binding ? { nativeBinding: binding } : {}) });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Bound the WAL: truncate it back to this size after each checkpoint.
      db.pragma('journal_size_limit = 67108864');
      db.pragma('wal_autocheckpoint = 2000');
      db.pragma('foreign_keys = ON');
      // Take the exclusive lock now (a write does), so a second instance fails here and not later.
      db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS _lock_probe (x); DROP TABLE _lock_probe; COMMIT;');
    } catch (error) {
      db.close();
      if (
        /SQLITE_BUSY|database is locked/.test(
          `${(error as { code?: string }).code} ${(error as Error).message}`,
        )
      ) {
        throw new StoreLockedError(
          `The store ${path} is open in another Watchfloor window or process; close that one first.`,
        );
      }
      throw error;
    }
    return db;
  }

  private static check(db: Database.Database, path: string): string[] {
    const size = existsSync(path) ? statSync(path).size : 0;
    const rows = db.pragma(
      size < FULL_CHECK_BELOW_BYTES ? 'integrity_check(20)' : 'quick_check(20)',
    ) as Record<string, string>[];
    const results = rows.map((r) => Object.values(r)[0] ?? '');
    return results.length === 1 && results[0] === 'ok' ? [] : results;
  }

  /** The integrity check, for tests and diagnostics. */
  integrityCheck(): string[] {
    return SqliteStore.check(this.db, this.path);
  }

  private meta(key: string): string | undefined {
    return this.stmt.getMeta.get(key)?.value;
  }

  private timed<T>(what: string, run: () => T): T {
    const started = performance.now();
    const result = run();
    const ms = performance.now() - started;
    if (ms > SLOW_MS) this.log(`slow store write: ${what} took ${ms.toFixed(0)} ms`);
    return result;
  }

  loadState(): { state: OperationState; position: FeedPosition } {
    const state = getEmptyState() as { -readonly [K in keyof OperationState]: OperationState[K] };
    const collections: Record<string, Record<string, unknown>> = {};
    for (const c of COLLECTIONS) collections[c] = {};
    for (const row of this.db.prepare('SELECT kind, id, json FROM entities').iterate() as IterableIterator<{
      kind: string;
      id: string;
      json: string;
    }>) {
      if (row.kind === 'operation') state.operation = JSON.parse(row.json) as OperationState['operation'];
      else if (collections[row.kind]) collections[row.kind]![row.id] = JSON.parse(row.json);
    }
    // Each unit's position is its newest report (the reducer's rule: latest `at`, last applied on a tie).
    const latest = this.db.prepare<
      [string],
      { lon: number; lat: number; heading: number; speed: number; accuracy: number; ts: number }
    >(
      'SELECT lon, lat, heading, speed, accuracy, ts FROM positions WHERE unit_id = ? ORDER BY ts DESC, seq DESC LIMIT 1',
    );
    for (const [id, unit] of Object.entries(collections['units']!)) {
      const p = latest.get(id);
      if (p)
        (unit as { position: unknown }).position = {
          lon: p.lon,
          lat: p.lat,
          heading: p.heading,
          speed: p.speed,
          accuracy: p.accuracy,
          at: p.ts,
        };
    }
    Object.assign(state, collections);
    return { state, position: this.position() };
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

  events(afterSeq: number, limit = 10_000): StoredEvent[] {
    return this.stmt.events.all(afterSeq, limit).map((r) => ({
      seq: r.seq,
      id: r.id,
      ts: r.ts,
      type: r.type,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      known: r.known === 1,
    }));
  }

  /** All seqs in the log, for tests that compare logs. */
  allSeqs(): number[] {
    return this.db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
  }

  outbox(status?: OutboxEntry['status']): OutboxEntry[] {
    const rows = (
      status
        ? this.db.prepare('SELECT * FROM outbox WHERE status = ? ORDER BY created_at, rowid').all(status)
        : this.db.prepare('SELECT * FROM outbox ORDER BY created_at, rowid').all()
    ) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  outboxDepth(): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
    ).n;
  }

  quarantineCount(): number {
    return this.quarantined;
  }

  /** The quarantined messages, newest first. */
  quarantineEntries(limit = 100): { receivedAt: number; reason: string; raw: string; rawBytes: number }[] {
    return (
      this.db
        .prepare('SELECT received_at, reason, raw, raw_bytes FROM quarantine ORDER BY id DESC LIMIT ?')
        .all(limit) as { received_at: number; reason: string; raw: string; raw_bytes: number }[]
    ).map((r) => ({ receivedAt: r.received_at, reason: r.reason, raw: r.raw, rawBytes: r.raw_bytes }));
  }

  sizeBytes(): number {
    let total = 0;
    for (const suffix of ['', '-wal'])
      if (existsSync(this.path + suffix)) total += statSync(this.path + suffix).size;
    return total;
  }

  keyframeCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM keyframes').get() as { n: number }).n;
  }

  /** The newest keyframe at or before `seq`. */
  keyframeAtOrBefore(seq: number): { seq: number; ts: number; state: OperationState } | undefined {
    const row = this.db
      .prepare('SELECT seq, ts, state FROM keyframes WHERE seq <= ? ORDER BY seq DESC LIMIT 1')
      .get(seq) as { seq: number; ts: number; state: Buffer } | undefined;
    return row
      ? {
          seq: row.seq,
          ts: row.ts,
          state: JSON.parse(inflateSync(row.state).toString('utf8')) as OperationState,
        }
      : undefined;
  }

  /** Position reports of a unit between two times, oldest first (trails, replay). */
  positions(unitId: string, fromTs: number, toTs: number): { ts: number; lon: number; lat: number }[] {
    return this.db
      .prepare('SELECT ts, lon, lat FROM positions WHERE unit_id = ? AND ts >= ? AND ts <= ? ORDER BY ts')
      .all(unitId, fromTs, toTs) as { ts: number; lon: number; lat: number }[];
  }

  /**
   * The reports of the given units since `sinceTs`, oldest first, for the trails the map draws. One
   * index seek per unit on (unit_id, ts): no index on time alone is kept, as it would slow ingest.
   */
  trailsSince(
    sinceTs: number,
    unitIds: readonly string[],
  ): Record<string, { ts: number; lon: number; lat: number }[]> {
    const query = this.db.prepare<[string, number], { ts: number; lon: number; lat: number }>(
      'SELECT ts, lon, lat FROM positions WHERE unit_id = ? AND ts >= ? ORDER BY ts, seq',
    );
    const out: Record<string, { ts: number; lon: number; lat: number }[]> = {};
    for (const unitId of unitIds) {
      const rows = query.all(unitId, sinceTs);
      if (rows.length > 0) out[unitId] = rows;
    }
    return out;
  }

  /** The pending commands and the most recent others, oldest first: what the UI shows of the outbox. */
  outboxRecent(limit = 200): OutboxEntry[] {
    // Read on every status push, so bounded in SQL rather than by reading the whole history.
    const done = this.db
      .prepare(
        `SELECT * FROM (SELECT *, rowid AS r FROM outbox WHERE status != 'pending' ORDER BY created_at DESC, rowid DESC LIMIT ?)
         ORDER BY created_at, r`,
      )
      .all(limit) as OutboxRow[];
    return [...done.map(toOutboxEntry), ...this.outbox('pending')];
  }

  setOperation(operationId: string): void {
    this.stmt.setMeta.run('operation_id', operationId);
  }

  commitBatch({ events, previous, next, receivedAt }: CommitBatch): void {
    if (events.length === 0) return;
    const last = events[events.length - 1]!;
    this.timed(`commit of ${events.length} events`, () =>
      this.db.transaction(() => {
        // A report about a unit not (yet) held is logged but is no position of any unit: keeping it out
        // of the positions table keeps a reload equal to the reducer's state.
        const createdHere = new Set<string>();
        for (const e of events) {
          this.stmt.insertEvent.run(e.seq, e.id, e.ts, e.type, JSON.stringify(e.payload), e.known ? 1 : 0);
          if (e.known && e.type === 'unit.upserted')
            createdHere.add((e.payload as { unitId: string }).unitId);
          if (
            e.known &&
            e.type === 'unit.position' &&
            (Object.hasOwn(previous.units, (e.payload as { unitId: string }).unitId) ||
              createdHere.has((e.payload as { unitId: string }).unitId))
          ) {
            const p = e.payload as {
              unitId: string;
              lon: number;
              lat: number;
              heading: number;
              speed: number;
              accuracy: number;
              at: number;
            };
            this.stmt.insertPosition.run(p.unitId, p.at, p.lon, p.lat, p.heading, p.speed, p.accuracy, e.seq);
          }
        }
        this.writeChangedEntities(previous, next);
        this.stmt.setMeta.run('last_seq', String(last.seq));
        this.stmt.setMeta.run('last_received_at', String(receivedAt));
        this.stmt.setMeta.run('last_event_ts', String(last.ts));
        if (
          last.seq - this.lastKeyframe.seq >= KEYFRAME_EVERY_EVENTS ||
          last.ts - this.lastKeyframe.ts >= KEYFRAME_EVERY_MS
        ) {
          this.writeKeyframe(last.seq, last.ts, next);
        }
      })(),
    );
  }

  commitSnapshot({
    operationId,
    seq,
    ts,
    state,
    receivedAt,
  }: {
    operationId: string;
    seq: number;
    ts: number;
    state: OperationState;
    receivedAt: number;
  }): void {
    this.timed('snapshot', () =>
      this.db.transaction(() => {
        // A server that lost its log answers with a snapshot behind our newest seq: its timeline
        // replaces ours from there, so what we hold past it is dropped (the seqs will be reused).
        this.db.prepare('DELETE FROM events WHERE seq > ?').run(seq);
        this.db.prepare('DELETE FROM keyframes WHERE seq > ?').run(seq);
        this.db.prepare('DELETE FROM positions WHERE seq > ?').run(seq);
        if (this.lastKeyframe.seq > seq) this.lastKeyframe = { seq: 0, ts: 0 };
        this.db.prepare('DELETE FROM entities').run();
        this.writeChangedEntities(getEmptyState(), state);
        for (const unit of Object.values(state.units)) {
          const p = unit.position;
          if (p)
            this.stmt.insertPosition.run(
              unit.unitId,
              p.at,
              p.lon,
              p.lat,
              p.heading,
              p.speed,
              p.accuracy,
              seq,
            );
        }
        this.stmt.setMeta.run('operation_id', operationId);
        this.stmt.setMeta.run('last_seq', String(seq));
        this.stmt.setMeta.run('last_received_at', String(receivedAt));
        this.stmt.setMeta.run('last_event_ts', String(ts));
        // The log has a hole before a snapshot; record where, so replay knows to start from here.
        this.stmt.setMeta.run('snapshot_seq', String(seq));
        this.writeKeyframe(seq, ts, state);
      })(),
    );
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
    for (const kind of COLLECTIONS) {
      const before = previous[kind] as Record<string, unknown>;
      const after = next[kind] as Record<string, unknown>;
      if (before === after) continue;
      for (const id of Object.keys(after)) {
        const a = after[id];
        const b = before[id];
        if (a === b) continue;
        if (kind === 'units') {
          // A unit's position lives in the positions table (written with its event); the row holds the
          // rest, so the thousands of reports a second do not each rewrite a unit.
          if (b !== undefined && sameExceptPosition(a as Unit, b as Unit)) continue;
          this.stmt.upsertEntity.run(kind, id, JSON.stringify({ ...(a as Unit), position: null }));
        } else {
          this.stmt.upsertEntity.run(kind, id, JSON.stringify(a));
        }
      }
    }
  }

  quarantine(entries: readonly { reason: string; raw: unknown; receivedAt: number }[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const entry of entries) {
        const text = safeStringify(entry.raw);
        this.stmt.insertQuarantine.run(
          entry.receivedAt,
          entry.reason.slice(0, 1000),
          text.slice(0, RAW_LIMIT),
          Buffer.byteLength(text),
        );
      }
    })();
    this.quarantined += entries.length;
  }

  outboxAdd(entry: Omit<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'resultSeqs'>): void {
    this.db
      .prepare(
        'INSERT INTO outbox (command_id, type, payload, issued_by, created_at, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.commandId,
        entry.type,
        JSON.stringify(entry.payload),
        entry.issuedBy,
        entry.createdAt,
        'pending',
        entry.createdAt,
      );
  }

  outboxResult(
    commandId: string,
    result: { status: 'acked'; seqs: number[] } | { status: 'rejected'; error: string },
    at: number,
  ): void {
    this.db
      .prepare(
        'UPDATE outbox SET status = ?, result_seqs = ?, last_error = ?, updated_at = ? WHERE command_id = ?',
      )
      .run(
        result.status,
        result.status === 'acked' ? JSON.stringify(result.seqs) : null,
        result.status === 'rejected' ? result.error : null,
        at,
        commandId,
      );
  }

  outboxAttempt(commandId: string, error: string | null, at: number): void {
    this.db
      .prepare(
        'UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE command_id = ?',
      )
      .run(error, at, commandId);
  }

  /** Closes the file (and releases the lock). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** An outbox row as SQLite returns it. */
interface OutboxRow {
  command_id: string;
  type: string;
  payload: string;
  issued_by: string;
  created_at: number;
  status: OutboxEntry['status'];
  attempts: number;
  last_error: string | null;
  result_seqs: string | null;
}

function toOutboxEntry(r: OutboxRow): OutboxEntry {
  return {
    commandId: r.command_id,
    type: r.type,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    issuedBy: r.issued_by,
    createdAt: r.created_at,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    resultSeqs: r.result_seqs ? (JSON.parse(r.result_seqs) as number[]) : null,
  };
}

/** True when two versions of a unit differ at most in their position. */
function sameExceptPosition(a: Unit, b: Unit): boolean {
  for (const key of Object.keys(a) as (keyof Unit)[])
    if (key !== 'position' && a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/** JSON of anything that arrived, never throwing: quarantine must store what it got. */
function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export type { OutboxEntry };
