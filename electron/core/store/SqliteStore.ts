import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { applyEvents } from '../../../shared/applyEvent';
import type { OutboxEntry } from '../../../shared/coreTypes';
import { isKnownEventType, type FeedEvent } from '../../../shared/protocol/events';
import { parseEvent } from '../../../shared/protocol/parseEvent';
import type { OperationState, Unit } from '../../../shared/state';
import { makePrivate, touchPrivateFile, writePrivateFile } from '../privateFiles';
import { ENTITY_COLLECTIONS, getEmptyState, withAllCollections } from '../../../shared/state';
import { migrate, SCHEMA_VERSION } from './migrations';
import { boundedJson } from './boundedJson';
import type { CheckJob } from './checkWorker';
import { ReadWorker, workerEntry } from './readWorker';
import {
  aggregateUnitDistances,
  scanUnitDistances,
  UnitActivityLedger,
  type UnitDistances,
} from './unitActivity';
import { isCompactPosition, PositionLog, type PositionEvent, type TrackPoint } from './PositionLog';

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
  /**
   * Which check the open ran: none after a clean close (so a store of any size opens at once), or the
   * integrity check (quick_check on a large file) when the last session did not close it (a crash,
   * a power cut, a killed process) or the file is new to this build.
   */
  check?: 'skipped-clean-close' | 'integrity_check' | 'quick_check' | 'background';
}

/** What the background check found (see {@link SqliteStore.checkInBackground}). */
export interface BackgroundCheck {
  sound: boolean;
  /** The first problems integrity_check reported; empty when sound. */
  problems: string[];
  ms: number;
}

/** Options of {@link SqliteStore.open}. */
export interface OpenOptions {
  log?: (line: string) => void;
  now?: () => number;
  /**
   * After an unclean shutdown, open at once and leave the full check to
   * {@link SqliteStore.checkInBackground} (the core does), for a file of at least
   * `backgroundCheckFromBytes` (64 MB by default: below that the check takes well under a second).
   */
  backgroundCheck?: boolean;
  backgroundCheckFromBytes?: number;
}

/**
 * The meta key that says whether the last session closed the store: `closed` is written by
 * {@link SqliteStore.close} as its last write, `open` right after the open. A store that still says
 * `open` when it is opened was not closed, and is checked before it is trusted.
 */
const OPEN_STATE_KEY = 'open_state';

const RAW_LIMIT = 16_384;
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
const SLOW_MS = 200;
/** Above this size the open check is quick_check, which skips the index cross-check that takes minutes on a large file. */
const FULL_CHECK_BELOW_BYTES = 256 * 1024 * 1024;
const BACKGROUND_CHECK_FROM_BYTES = 64 * 1024 * 1024;
/**
 * Beside a store the background check found damaged: the next open moves the store aside at once,
 * as an open that finds the damage itself does.
 */
const DAMAGED_SUFFIX = '.damaged';

/**
 * The local store: one SQLite file per operation, in the main process. WAL with synchronous=FULL,
 * so a committed batch survives power loss, not only a crash; writes batched into transactions by
 * the caller; an exclusive lock held on a file beside it so a second instance is refused at once
 * (the OS drops the lock when the process dies, so a crash never leaves a stale lock behind), while
 * the read worker can still read the store.
 */
export class SqliteStore implements StoreReader, StoreWriter {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly log: (line: string) => void;
  private readonly stmt;
  /** True for an opened archive: nothing is ever written to it. */
  readonly readOnly: boolean;
  private lastKeyframe = { seq: 0, ts: 0 };
  private quarantined = 0;
  /** Each unit's reports and distance, kept as positions are committed (none for a read-only store). */
  private readonly activity: UnitActivityLedger | null;
  /** The background check: pending from an open that left it to the worker until it finds the file sound. */
  private checkState: 'none' | 'pending' | 'sound' | 'damaged' = 'none';
  /** The position reports of the log (schema 4's layout). */
  private readonly positions: PositionLog;
  /** An archive of an older schema is read from a converted copy, removed on close. */
  private tempCopy: string | null = null;

  private constructor(path: string, db: Database.Database, log: (line: string) => void, readOnly = false) {
    this.path = path;
    this.readOnly = readOnly;
    this.db = db;
    this.log = log;
    this.stmt = {
      insertEvent: db.prepare<[number, string, number, string, string, number]>(
        'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertEntity: db.prepare<[string, string, string]>(
        'INSERT INTO entities (kind, id, json) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json',
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
    this.activity = readOnly ? null : new UnitActivityLedger(db);
    this.positions = new PositionLog(db);
    this.quarantined = (db.prepare('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number }).n;
  }

  /**
   * Opens (or creates) the store. Refuses a file another instance holds, moves a corrupt file aside
   * (with its WAL) and starts empty, and migrates the schema forward.
   */
  static open(path: string, options: OpenOptions = {}): { store: SqliteStore; notice: OpenNotice } {
    const log = options.log ?? (() => {});
    const notice: OpenNotice = {};
    let db: Database.Database;
    try {
      db = SqliteStore.connect(path);
      const damaged = existsSync(path + DAMAGED_SUFFIX);
      if (damaged) {
        release(db);
        const found = readFileSync(path + DAMAGED_SUFFIX, 'utf8').slice(0, 500);
        rmSync(path + DAMAGED_SUFFIX, { force: true });
        throw Object.assign(new Error(`found by the background check: ${found}`), { corrupt: true });
      }
      const clean = SqliteStore.closedCleanly(db);
      const size = existsSync(path) ? statSync(path).size : 0;
      const background =
        !clean &&
        options.backgroundCheck === true &&
        size >= (options.backgroundCheckFromBytes ?? BACKGROUND_CHECK_FROM_BYTES);
      if (background) notice.check = 'background';
      const problems = clean || background ? [] : SqliteStore.check(db, path, notice, log);
      if (!notice.check) notice.check = 'skipped-clean-close';
      if (problems.length > 0) {
        release(db);
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
      db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ).run(OPEN_STATE_KEY, 'open');
      const store = new SqliteStore(path, db, log);
      if (notice.check === 'background') store.checkState = 'pending';
      const applied = store.applyNewlyKnown();
      if (applied > 0)
        log(
          `store ${path}: ${applied} events stored by an older version as of an unknown type are now applied`,
        );
      return { store, notice };
    } catch (error) {
      // Release the lock: a refused file must not stay locked for the life of the process.
      release(db);
      throw error;
    }
  }

  /**
   * Events an older build stored as of a type it did not know, whose type this build knows: checked
   * against the protocol and applied, as if they had come now (one that fails the check stays
   * stored, not applied). The picture is folded again from the keyframe before the first of them,
   * and the keyframes after it, which lack their effect, are dropped, except a snapshot's (the
   * server's own picture, which had them). Returns how many were applied.
   */
  private applyNewlyKnown(): number {
    const rows = this.db
      .prepare('SELECT seq, id, ts, type, payload FROM events WHERE known = 0 ORDER BY seq')
      .all() as { seq: number; id: string; ts: number; type: string; payload: string }[];
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
    const snapshotSeq = Number(this.meta('snapshot_seq') ?? 0);
    const lastSeq = this.position().lastSeq;
    this.inTransaction(() => {
      const mark = this.db.prepare('UPDATE events SET known = 1 WHERE seq = ?');
      for (const r of now) mark.run(r.seq);
      this.db.prepare('DELETE FROM keyframes WHERE seq >= ? AND seq != ?').run(now[0]!.seq, snapshotSeq);
      // Before a snapshot, the picture after it is the server's: only what came after it is folded again.
      const from = now.find((r) => r.seq > snapshotSeq)?.seq;
      if (from !== undefined) {
        const base = this.keyframeAtOrBefore(from - 1);
        let state = base?.state ?? getEmptyState();
        for (const page of this.eventsBetween(base?.seq ?? 0, lastSeq))
          state = applyEvents(state, page as unknown as FeedEvent[]);
        this.db.prepare('DELETE FROM entities').run();
        this.writeChangedEntities(getEmptyState(), state);
        this.positions.rewriteCurrent(state);
      }
      const keyframe = this.db.prepare('SELECT seq, ts FROM keyframes ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; ts: number } | undefined;
      this.lastKeyframe = keyframe ?? { seq: 0, ts: 0 };
    });
    return now.length;
  }

  private static connect(path: string): Database.Database {
    // SQLite creates a database 0644 less the umask and gives its -wal and -shm the database's
    // mode: the file is made owner-only first (an empty file is an empty database), and a WAL an
    // older version left readable is closed after the first write below has opened it.
    const onDisk = path !== '' && path !== ':memory:';
    if (onDisk) touchPrivateFile(path);
    // No busy wait: a second instance should be told at once, not hang.
    const lock = onDisk ? holdLock(path) : null;
    let db: Database.Database;
    try {
      db = openDatabase(path, { timeout: 0 });
    } catch (error) {
      lock?.close();
      throw error;
    }
    if (lock) locks.set(db, lock);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Bound the WAL: truncate it back to this size after each checkpoint.
      db.pragma('journal_size_limit = 67108864');
      db.pragma('wal_autocheckpoint = 2000');
      db.pragma('foreign_keys = ON');
      // A write now, so that a store an older build holds exclusively is refused here and not later.
      db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS _lock_probe (x); DROP TABLE _lock_probe; COMMIT;');
      if (onDisk) for (const suffix of ['-wal', '-shm']) makePrivate(path + suffix);
    } catch (error) {
      release(db);
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

  /**
   * Whether the last session closed this file ({@link OPEN_STATE_KEY}). A file with no meta table yet
   * (new, or not a store) reads as not closed; one too damaged to read throws, as the check would.
   */
  private static closedCleanly(db: Database.Database): boolean {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) return false;
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(OPEN_STATE_KEY) as
      { value: string } | undefined;
    return row?.value === 'closed';
  }

  private static check(
    db: Database.Database,
    path: string,
    notice: OpenNotice = {},
    log: (line: string) => void = () => {},
  ): string[] {
    const size = existsSync(path) ? statSync(path).size : 0;
    const pragma = size < FULL_CHECK_BELOW_BYTES ? 'integrity_check' : 'quick_check';
    const started = performance.now();
    const rows = db.pragma(`${pragma}(20)`) as Record<string, string>[];
    notice.check = pragma;
    const results = rows.map((r) => Object.values(r)[0] ?? '');
    const sound = results.length === 1 && results[0] === 'ok';
    if (size > 0)
      log(
        `store ${path} was not closed by the last session: ${pragma} of ${(size / 1048576).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms, ${sound ? 'sound' : 'damaged'}`,
      );
    return sound ? [] : results;
  }

  /**
   * The full integrity check of a store opened with its check left to the background, on a worker
   * thread with its own read-only connection. Until it finds the file sound the store is not marked
   * closed, so a check cut short is run again at the next open; a damaged file is marked, and moved
   * aside at the next open (the picture is then rebuilt from the server).
   */
  async checkInBackground(): Promise<BackgroundCheck> {
    if (this.checkState !== 'pending') return { sound: this.checkState !== 'damaged', problems: [], ms: 0 };
    const started = performance.now();
    const worker = new ReadWorker<CheckJob, string[]>(workerEntry(import.meta.url, 'checkWorker'));
    let results: string[];
    try {
      results = await worker.request({ path: this.path });
    } finally {
      await worker.close();
    }
    const ms = Math.round(performance.now() - started);
    const sound = results.length === 1 && results[0] === 'ok';
    if (this.checkState !== 'pending') return { sound, problems: sound ? [] : results, ms };
    this.checkState = sound ? 'sound' : 'damaged';
    if (!sound) writePrivateFile(this.path + DAMAGED_SUFFIX, results.slice(0, 5).join('\n'));
    this.log(
      `store ${this.path} was not closed by the last session: integrity_check in the background in ${ms} ms, ${sound ? 'sound' : `damaged (${results.slice(0, 3).join('; ')})`}`,
    );
    return { sound, problems: sound ? [] : results.slice(0, 20), ms };
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
    for (const c of ENTITY_COLLECTIONS) collections[c] = {};
    for (const row of this.db.prepare('SELECT kind, id, json FROM entities').iterate() as IterableIterator<{
      kind: string;
      id: string;
      json: string;
    }>) {
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

  /** All seqs in the log, for tests that compare logs. */
  allSeqs(): number[] {
    const others = this.db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
    return [...others, ...this.positions.seqs()].sort((a, b) => a - b);
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

  /** Rows of the log and of the positions table (diagnostics, benchmarks). */
  rowCounts(): { events: number; positions: number } {
    const count = (table: string): number =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const positions = this.positions.count();
    return { events: count('events') + positions, positions };
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
          // A keyframe written before readmission cases were kept lacks their collection.
          state: withAllCollections(JSON.parse(inflateSync(row.state).toString('utf8')) as OperationState),
        }
      : undefined;
  }

  /**
   * The reports of the given units since `sinceTs`, oldest first, for the trails the map draws. One
   * index seek per unit on (unit_id, ts): no index on time alone is kept, as it would slow ingest.
   */
  trailsSince(
    sinceTs: number,
    unitIds: readonly string[],
  ): Record<string, { ts: number; lon: number; lat: number }[]> {
    return this.trailsBetween(sinceTs, Number.MAX_SAFE_INTEGER, unitIds);
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
      this.inTransaction(() => {
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
          if (e.known && e.type === 'unit.upserted')
            createdHere.add((e.payload as { unitId: string }).unitId);
        }
        this.positions.append(reports);
        // The activity ledger takes the reports trails show (not those about a unit not held), in seq order.
        for (const { event, orphan } of reports)
          if (!orphan) {
            const p = event.payload;
            this.activity?.record(p.unitId, p.at, p.lon, p.lat, event.seq);
          }
        this.activity?.flush();
        this.positions.writeCurrent(previous, next);
        this.writeChangedEntities(previous, next);
        this.stmt.setMeta.run('last_seq', String(last.seq));
        this.stmt.setMeta.run('last_received_at', String(receivedAt));
        this.stmt.setMeta.run('last_event_ts', String(last.ts));
        if (
          (last.seq - this.lastKeyframe.seq >= KEYFRAME_EVERY_EVENTS &&
            last.ts - this.lastKeyframe.ts >= KEYFRAME_MIN_GAP_MS) ||
          last.ts - this.lastKeyframe.ts >= KEYFRAME_EVERY_MS
        ) {
          this.writeKeyframe(last.seq, last.ts, next);
        }
      }),
    );
  }

  /**
   * Runs one transaction; when it rolls back, what the position log caches (unit keys, the open
   * span) is read again, so that it never refers to a row that was not kept, and the activity
   * ledger's memory is dropped, so that it leaves no trace of the batch.
   */
  private inTransaction(run: () => void): void {
    try {
      this.db.transaction(run)();
    } catch (error) {
      this.positions.reload();
      this.activity?.forget();
      throw error;
    }
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
      this.inTransaction(() => {
        // A server that lost its log answers with a snapshot behind our newest seq: its timeline
        // replaces ours from there, so what we hold past it is dropped (the seqs will be reused).
        this.db.prepare('DELETE FROM events WHERE seq > ?').run(seq);
        this.db.prepare('DELETE FROM keyframes WHERE seq > ?').run(seq);
        this.positions.resetTo(seq, state);
        this.activity?.invalidate();
        if (this.lastKeyframe.seq > seq) this.lastKeyframe = { seq: 0, ts: 0 };
        this.db.prepare('DELETE FROM entities').run();
        this.writeChangedEntities(getEmptyState(), state);
        this.stmt.setMeta.run('operation_id', operationId);
        this.stmt.setMeta.run('last_seq', String(seq));
        this.stmt.setMeta.run('last_received_at', String(receivedAt));
        this.stmt.setMeta.run('last_event_ts', String(ts));
        // The log has a hole before a snapshot; record where, so replay knows to start from here.
        this.stmt.setMeta.run('snapshot_seq', String(seq));
        this.writeKeyframe(seq, ts, state);
      }),
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

  quarantine(entries: readonly { reason: string; raw: unknown; receivedAt: number }[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const entry of entries) {
        // Bounded and depth-safe: what was too deep or too large to validate is kept as text too.
        const { text, bytes } = boundedJson(entry.raw, RAW_LIMIT);
        this.stmt.insertQuarantine.run(entry.receivedAt, entry.reason.slice(0, 1000), text, bytes);
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

  // ---- Replay reads -------------------------------------------------------------------------

  /** The first and the newest event time of the log; nulls while it is empty. */
  timeRange(): { startTs: number | null; endTs: number | null } {
    // Two queries: SQLite answers a lone MIN() or MAX() from the index's end, but both in one
    // SELECT scan the whole table (2.5 s on 25 million events), and the timeline asks every 5 s.
    const first = this.db.prepare('SELECT MIN(ts) FROM events').pluck().get() as number | null;
    const last = this.db.prepare('SELECT MAX(ts) FROM events').pluck().get() as number | null;
    const { min, max } = this.positions.timeRange();
    const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number): number | null =>
      a === null ? b : b === null ? a : f(a, b);
    return { startTs: pick(first, min, Math.min), endTs: pick(last, max, Math.max) };
  }

  /**
   * The newest event at or before `ts` in time order (ties by seq): replay's state at `ts` is the
   * fold of the log up to it. One descending seek on the time index.
   */
  eventAtOrBefore(ts: number): { seq: number; ts: number } | undefined {
    const other = this.db
      .prepare('SELECT seq, ts FROM events WHERE ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1')
      .get(ts) as { seq: number; ts: number } | undefined;
    const report = this.positions.atOrBefore(ts);
    if (!other || !report) return other ?? report;
    return report.ts > other.ts || (report.ts === other.ts && report.seq > other.seq) ? report : other;
  }

  /**
   * The newest keyframe after `afterSeq` taken at or before `ts`: where a snapshot (which leaves a
   * keyframe and no event) is the picture at `ts`.
   */
  keyframeAfter(afterSeq: number, ts: number): { seq: number; ts: number } | undefined {
    return this.db
      .prepare('SELECT seq, ts FROM keyframes WHERE seq > ? AND ts <= ? ORDER BY seq DESC LIMIT 1')
      .get(afterSeq, ts) as { seq: number; ts: number } | undefined;
  }

  /** The seq of the newest keyframe in (afterSeq, untilSeq], if any. */
  keyframeSeqIn(afterSeq: number, untilSeq: number): number | undefined {
    return this.db
      .prepare('SELECT seq FROM keyframes WHERE seq > ? AND seq <= ? ORDER BY seq DESC LIMIT 1')
      .pluck()
      .get(afterSeq, untilSeq) as number | undefined;
  }

  /**
   * The known events in (afterSeq, untilSeq], oldest first, read lazily in pages so that a fold
   * over millions of events holds one page at a time.
   */
  *eventsBetween(afterSeq: number, untilSeq: number, pageSize = 5000): Generator<StoredEvent[]> {
    const page = this.db.prepare<
      [number, number, number],
      { seq: number; id: string; ts: number; type: string; payload: string }
    >(
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

  /** The reports of the given units in [fromTs, toTs], oldest first: trails at a moment of replay. */
  trailsBetween(fromTs: number, toTs: number, unitIds: readonly string[]): Record<string, TrackPoint[]> {
    // One pass over the reports in the window (the spans it touches), not one query per unit.
    return Object.fromEntries(this.positions.points(fromTs, toTs, new Set(unitIds)));
  }

  /**
   * Every report of a unit in [fromTs, toTs], oldest first. Read whole (a unit reporting every 10 s
   * for 72 hours is 26,000 points): an export streams unit after unit to a file, and a statement
   * left open across those writes would block the live feed's commits on this connection. Each
   * call reads every report in the period: {@link tracks} reads many units in one pass.
   */
  track(unitId: string, fromTs: number, toTs: number): TrackPoint[] {
    return this.positions.points(fromTs, toTs, new Set([unitId])).get(unitId) ?? [];
  }

  /** The tracks of several units in [fromTs, toTs] in one pass; a unit with no report has none. */
  tracks(unitIds: readonly string[], fromTs: number, toTs: number): Map<string, TrackPoint[]> {
    return this.positions.points(fromTs, toTs, new Set(unitIds));
  }

  /** The newest events other than position reports at or before `ts`, newest first (the replay's event list). */
  logBefore(
    ts: number,
    limit: number,
  ): { seq: number; ts: number; type: string; payload: Record<string, unknown> }[] {
    return (
      this.db
        .prepare(
          `SELECT seq, ts, type, payload FROM events WHERE type != 'unit.position' AND ts <= ?
           ORDER BY ts DESC, seq DESC LIMIT ?`,
        )
        .all(ts, limit) as { seq: number; ts: number; type: string; payload: string }[]
    ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  /** The known events of the given types (never position reports) in [fromTs, toTs], in log order. */
  eventsOfTypes(types: readonly string[], fromTs: number, toTs: number): StoredEvent[] {
    if (types.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT seq, id, ts, type, payload FROM events
         WHERE type != 'unit.position' AND ts >= ? AND ts <= ? AND known = 1 AND type IN (${types.map(() => '?').join(',')})
         ORDER BY seq`,
      )
      .all(fromTs, toTs, ...types) as {
      seq: number;
      id: string;
      ts: number;
      type: string;
      payload: string;
    }[];
    return rows.map((r) => ({
      ...r,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      known: true,
    }));
  }

  /**
   * Distance and number of reports per unit in [fromTs, toTs]: from the aggregates kept at ingest
   * (unitActivity.ts), or, where they cannot answer (a store or archive of an older build, a
   * snapshot since), one pass over the positions table in the order it was written, in pages with
   * a pause between them so that the live feed goes on being stored during a long report.
   * `fullScan` forces the pass, the reference the aggregates are tested against.
   */
  async unitDistances(
    fromTs: number,
    toTs: number,
    options: { fullScan?: boolean } = {},
  ): Promise<UnitDistances> {
    const fromAggregates = options.fullScan
      ? null
      : aggregateUnitDistances(this.db, fromTs, toTs, this.positions);
    return (
      fromAggregates ??
      scanUnitDistances(this.positions, fromTs, toTs, () => new Promise((resolve) => setImmediate(resolve)))
    );
  }

  // ---- Local bookmarks ---------------------------------------------------------------------

  /** Bookmarks kept on this workstation for an operation, oldest first. */
  localBookmarks(operationId: string): LocalBookmark[] {
    return (
      this.db
        .prepare(
          'SELECT bookmark_id, at, label, note, author, created_at FROM bookmarks WHERE operation_id = ? ORDER BY at, created_at',
        )
        .all(operationId) as {
        bookmark_id: string;
        at: number;
        label: string;
        note: string | null;
        author: string;
        created_at: number;
      }[]
    ).map((r) => ({
      bookmarkId: r.bookmark_id,
      operationId,
      at: r.at,
      label: r.label,
      ...(r.note ? { note: r.note } : {}),
      author: r.author,
      createdAt: r.created_at,
    }));
  }

  /** Keeps a bookmark on this workstation (for any operation, an opened archive's included). */
  addLocalBookmark(bookmark: LocalBookmark): void {
    this.db
      .prepare(
        'INSERT INTO bookmarks (bookmark_id, operation_id, at, label, note, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        bookmark.bookmarkId,
        bookmark.operationId,
        bookmark.at,
        bookmark.label,
        bookmark.note ?? null,
        bookmark.author,
        bookmark.createdAt,
      );
  }

  /** Removes a local bookmark; false when there was none. */
  removeLocalBookmark(bookmarkId: string): boolean {
    return this.db.prepare('DELETE FROM bookmarks WHERE bookmark_id = ?').run(bookmarkId).changes > 0;
  }

  // ---- Archives ----------------------------------------------------------------------------

  /**
   * Writes this operation as one archive file: a consistent copy of the store (taken while the
   * live feed goes on), marked as an archive, in rollback-journal mode so that it opens read
   * only anywhere, without this workstation's settings and other operations' bookmarks. The file
   * appears under its name only once complete.
   */
  async exportArchive(
    target: string,
    info: { exportedAt: number; exportedBy: string; appVersion: string },
  ): Promise<void> {
    const operationId = this.meta('operation_id');
    if (!operationId) throw new Error('There is nothing to export yet: this store holds no operation.');
    const partial = `${target}.partial`;
    rmSync(partial, { force: true });
    try {
      // Owner-only before the first page is copied (SQLite would create it 0644 less the umask).
      touchPrivateFile(partial);
      // SQLite's online backup, a few hundred pages at a time with the event loop free between
      // steps: the live feed goes on being committed (through this same connection, so the copy
      // follows every commit and ends consistent) while gigabytes are copied.
      await this.db.backup(partial, { progress: () => 256 });
      const copy = openDatabase(partial, {});
      try {
        copy.pragma('journal_mode = DELETE');
        copy.transaction(() => {
          copy.prepare('DELETE FROM settings').run();
          copy.prepare('DELETE FROM bookmarks WHERE operation_id != ?').run(operationId);
          const set = copy.prepare(
            'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          );
          set.run('archive_format', ARCHIVE_FORMAT);
          set.run('archive_exported_at', String(info.exportedAt));
          set.run('archive_exported_by', info.exportedBy);
          set.run('archive_app_version', info.appVersion);
        })();
      } finally {
        copy.close();
      }
      rmSync(target, { force: true });
      renameSync(partial, target);
    } catch (error) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
      throw error;
    }
  }

  /**
   * Opens an archive read only, for replay. Refuses, with a message for the user, anything that is
   * not a complete, intact Watchfloor archive of a schema this version reads; the file is never
   * written, and nothing else (the live store) is touched.
   */
  static openArchive(path: string): SqliteStore {
    const name = path.split(/[\\/]/).pop() ?? path;
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new ArchiveError(`${name} is not a file.`);
      size = stat.size;
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError(`${name} cannot be read: ${(error as Error).message}`);
    }
    const header = Buffer.alloc(100);
    const fd = openSync(path, 'r');
    let read: number;
    try {
      read = readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
    if (read < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
      throw new ArchiveError(`${name} is not a Watchfloor archive (it is not an SQLite database at all).`);
    }
    // A file in WAL mode is a live store (or a copy of one), not an export; opening it would also
    // write -wal and -shm files beside it, and fail on read-only media.
    if (header[18] === 2 || header[19] === 2) {
      throw new ArchiveError(
        `${name} is not a finished archive (it is in write-ahead-log mode, as a live store is): export it as an archive from the app that holds it.`,
      );
    }
    // The header says how long the file must be: a copy cut short is caught before SQLite reads it.
    const pageSizeField = header.readUInt16BE(16);
    const pageSize = pageSizeField === 1 ? 65536 : pageSizeField;
    const pages = header.readUInt32BE(28);
    if (pages > 0 && size < pageSize * pages) {
      throw new ArchiveError(
        `${name} is truncated: it should be ${pageSize * pages} bytes long but is ${size}. Copy it again from its source.`,
      );
    }
    let db: Database.Database;
    try {
      db = openDatabase(path, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new ArchiveError(`${name} cannot be opened as an archive: ${(error as Error).message}`);
    }
    let tempCopy: string | null = null;
    try {
      const tables = new Set(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
      );
      for (const table of ['meta', 'events', 'entities', 'positions', 'keyframes'])
        if (!tables.has(table))
          throw new ArchiveError(`${name} is not a Watchfloor archive (it has no ${table} table).`);
      // A file of another program can carry any user_version: what it holds is checked first.
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < ARCHIVE_MIN_SCHEMA)
        throw new ArchiveError(`${name} is an SQLite database, but not a Watchfloor archive.`);
      if (version > SCHEMA_VERSION)
        throw new ArchiveError(
          `${name} was written by a newer Watchfloor (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update Watchfloor to open it.`,
        );
      const format =
        (db.prepare("SELECT value FROM meta WHERE key = 'archive_format'").pluck().get() as
          string | undefined) ?? null;
      if (format !== ARCHIVE_FORMAT)
        throw new ArchiveError(
          format === null
            ? `${name} is a Watchfloor store, not an archive: export it as an archive from the app that holds it.`
            : `${name} is an archive of an unknown kind (${format.slice(0, 40)}).`,
        );
      const problems = SqliteStore.check(db, path);
      if (problems.length > 0)
        throw new ArchiveError(
          `${name} is damaged (${problems.slice(0, 2).join('; ')}); it cannot be replayed.`,
        );
      if (version < SCHEMA_VERSION) {
        // An archive of an older layout is never written to: a private copy is brought to this
        // layout and read instead (it costs the archive's size on the temporary disk until closed).
        db.close();
        tempCopy = mkdtempSync(join(tmpdir(), 'watchfloor-archive-'));
        const copy = join(tempCopy, 'archive.sqlite');
        copyFileSync(path, copy);
        db = openDatabase(copy, {});
        migrate(db);
        db.close();
        db = openDatabase(copy, { readonly: true, fileMustExist: true });
      }
      const store = new SqliteStore(path, db, () => {}, true);
      store.tempCopy = tempCopy;
      return store;
    } catch (error) {
      db.close();
      if (tempCopy) rmSync(tempCopy, { recursive: true, force: true });
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError(`${name} is damaged and cannot be replayed: ${(error as Error).message}`);
    }
  }

  /**
   * Opens a store or an archive read only, without its lock, its checks or a migration: for the read
   * worker (readWorker.ts), beside the process that holds the store open and writes it. WAL lets it
   * read a consistent picture while the feed is committed.
   */
  static openReader(path: string): SqliteStore {
    const db = openDatabase(path, { readonly: true, fileMustExist: true });
    try {
      return new SqliteStore(path, db, () => {}, true);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * The file the connection reads: the store's own, or for an archive of an older schema its
   * converted copy. The read worker opens this one: the original is not in this build's layout.
   */
  get fileRead(): string {
    return this.db.name;
  }

  /** What the archive says about itself; null for a live store. */
  archiveInfo(): { exportedAt: number; exportedBy: string; appVersion: string } | null {
    const format = this.meta('archive_format');
    if (format !== ARCHIVE_FORMAT) return null;
    return {
      exportedAt: Number(this.meta('archive_exported_at') ?? 0),
      exportedBy: this.meta('archive_exported_by') ?? '',
      appVersion: this.meta('archive_app_version') ?? '',
    };
  }

  /** Closes the file (and releases the lock). */
  /**
   * Closes the store, marking it closed as the last write so the next open can skip the integrity
   * check ({@link OPEN_STATE_KEY}). An archive is never written to.
   */
  close(): void {
    if (!this.db.open) return;
    // Not marked while the background check has not found the file sound: the next open checks it.
    if (!this.readOnly && this.checkState !== 'pending' && this.checkState !== 'damaged') {
      try {
        this.stmt.setMeta.run(OPEN_STATE_KEY, 'closed');
      } catch (error) {
        // Not marked: the next open checks the file, which is what a doubtful close deserves.
        this.log(`store ${this.path}: could not mark it closed (${(error as Error).message})`);
      }
    }
    release(this.db);
    if (this.tempCopy) rmSync(this.tempCopy, { recursive: true, force: true });
  }
}

/**
 * Opens an SQLite file with the right build of the addon: in Electron it must be the build for
 * Electron's ABI, kept apart from Node's and named by WATCHFLOOR_SQLITE_BINDING (NOTES.md).
 */
function openDatabase(path: string, options: Database.Options): Database.Database {
  const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
  return new Database(path, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

/** The lock file held by each open store's connection. */
const locks = new WeakMap<Database.Database, Database.Database>();

/**
 * Takes the store's lock: an exclusive lock on a small SQLite file beside it (`<store>.lock`), held
 * until the store closes. The store itself is opened in normal locking mode so that the read
 * worker (readWorker.ts) can read it while the feed is written; the OS drops the lock when the
 * process dies, so a crash never leaves a stale lock behind, and a second instance is refused at
 * once.
 */
function holdLock(path: string): Database.Database {
  const lockPath = `${path}.lock`;
  touchPrivateFile(lockPath);
  const lock = openDatabase(lockPath, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // In exclusive mode the first write's lock is kept until the connection closes.
    lock.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS held (x); DELETE FROM held; COMMIT;');
    return lock;
  } catch (error) {
    lock.close();
    if (
      /SQLITE_BUSY|database is locked/.test(
        `${(error as { code?: string }).code} ${(error as Error).message}`,
      )
    )
      throw new StoreLockedError(
        `The store ${path} is open in another Watchfloor window or process; close that one first.`,
      );
    throw error;
  }
}

/** Closes a connection and the lock it holds. */
function release(db: Database.Database): void {
  db.close();
  locks.get(db)?.close();
  locks.delete(db);
}

/** The mark an archive carries in its meta table. */
export const ARCHIVE_FORMAT = 'watchfloor-archive/1';
/**
 * Archives were introduced with schema 2. A later schema must still read archives from 2 on (or
 * say plainly that it cannot): they are opened read only, so they cannot be migrated.
 */
const ARCHIVE_MIN_SCHEMA = 2;

/** A file offered as an archive was refused; the message is for the user. */
export class ArchiveError extends Error {}

/** A bookmark kept on this workstation. */
export interface LocalBookmark {
  bookmarkId: string;
  operationId: string;
  at: number;
  label: string;
  note?: string;
  author: string;
  createdAt: number;
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

export type { OutboxEntry };
