import type Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import type { OutboxEntry } from '../../../shared/coreTypes';
import { openArchiveFile } from './archive';
import { Bookmarks } from './Bookmarks';
import { Overlays } from './Overlays';
import { LiveLog, type FeedWriter } from './LiveLog';
import { LogTables } from './LogTables';
import {
  checkFile,
  checkInBackground,
  OPEN_STATE_KEY,
  openDatabase,
  openStore,
  release,
  type BackgroundCheck,
  type OpenNotice,
  type OpenOptions,
} from './openStore';
import { Outbox } from './Outbox';
import { PositionLog, type TrailBackfillMark } from './PositionLog';
import { Quarantine } from './Quarantine';
import { TakLog } from '../tak/TakLog';
import { LogReader } from './ReplayReader';
import { TimedDatabase, type QueryFigures } from './TimedDatabase';
import { TrailBackfill, type TrailBackfillResult } from './trailBackfill';
import { UnitActivityLedger } from './unitActivity';

export { ArchiveError, ARCHIVE_FORMAT, type ArchiveInfo } from './archive';
export type { LocalBookmark, BookmarkStore, BookmarkReader } from './Bookmarks';
export type { OverlayStore, OverlayReader } from './Overlays';
export type { CommitBatch, FeedWriter, LiveLogWriter, SnapshotCommit } from './LiveLog';
export type { FeedPosition, StoredEvent } from './LogTables';
export { StoreLockedError, type BackgroundCheck, type OpenNotice, type OpenOptions } from './openStore';
export type { OutboxWriter, OutboxView } from './Outbox';
export type { QuarantineEntry, QuarantineWriter } from './Quarantine';
export type { ReplayReader } from './ReplayReader';
export type { QueryFigures, SlowQuery } from './TimedDatabase';
export type { TrailBackfillResult } from './trailBackfill';
export type { OutboxEntry };

/**
 * The local store: one SQLite file per operation, in the main process. WAL with synchronous=FULL,
 * so a committed batch survives power loss, not only a crash; an exclusive lock held on a file
 * beside it so a second instance is refused at once, while the read worker can still read it.
 *
 * This class owns the connection and its lifecycle (open and repair: openStore.ts; archives:
 * archive.ts) and hands each consumer its own part: the live log to the feed's ingest, the
 * replay reader to replay, the outbox to the command sender, the quarantine, the bookmarks. Every
 * query of every part goes through one {@link TimedDatabase}, which logs slow ones.
 */
export class SqliteStore {
  readonly path: string;
  /** True for an opened archive or a worker's reader: nothing is ever written to it. */
  readonly readOnly: boolean;
  /** The live log: the feed's events, the picture and the keyframes (Ingest writes it). */
  readonly liveLog: LiveLog;
  /** What replay, exports and reports read. */
  readonly reader: LogReader;
  readonly outbox: Outbox;
  readonly quarantine: Quarantine;
  readonly bookmarks: Bookmarks;
  /** Partners' files drawn as layers, per operation (shared/overlay.ts). */
  readonly overlays: Overlays;
  /** The TAK layer's events (issue 17). */
  readonly tak: TakLog;
  private readonly db: TimedDatabase;
  private readonly log: (line: string) => void;
  /** The background check: pending from an open that left it to the worker until it finds the file sound. */
  private checkState: 'none' | 'pending' | 'sound' | 'damaged' = 'none';
  /** An archive of an older schema is read from a converted copy, removed on close. */
  private tempCopy: string | null = null;
  private readonly positions: PositionLog;
  /** The trail table's backfill while it runs (stopped by close). */
  private backfill: TrailBackfill | null = null;

  private constructor(
    path: string,
    connection: Database.Database,
    options: { log?: (line: string) => void; slowQueryMs?: number; readOnly?: boolean },
  ) {
    this.path = path;
    this.readOnly = options.readOnly === true;
    this.log = options.log ?? (() => {});
    this.db = new TimedDatabase(connection, {
      log: this.log,
      ...(options.slowQueryMs !== undefined ? { slowQueryMs: options.slowQueryMs } : {}),
    });
    this.positions = new PositionLog(this.db);
    const tables = new LogTables(this.db, this.positions);
    this.liveLog = new LiveLog(tables, this.readOnly ? null : new UnitActivityLedger(this.db));
    this.reader = new LogReader(tables, path, this.readOnly);
    this.outbox = new Outbox(this.db);
    this.quarantine = new Quarantine(this.db);
    this.bookmarks = new Bookmarks(this.db);
    this.overlays = new Overlays(this.db);
    this.tak = new TakLog(this.db);
  }

  /**
   * Opens (or creates) the store. Refuses a file another instance holds, moves a corrupt file aside
   * (with its WAL) and starts empty, and migrates the schema forward (openStore.ts).
   */
  static open(path: string, options: OpenOptions = {}): { store: SqliteStore; notice: OpenNotice } {
    const { db, notice } = openStore(path, options);
    try {
      const store = new SqliteStore(path, db, options);
      if (notice.check === 'background') store.checkState = 'pending';
      const applied = store.liveLog.applyNewlyKnown();
      if (applied > 0)
        store.log(
          `store ${path}: ${applied} events stored by an older version as of an unknown type are now applied`,
        );
      return { store, notice };
    } catch (error) {
      release(db);
      throw error;
    }
  }

  /**
   * Opens an archive read only, for replay (archive.ts says what is refused, with a message for
   * the user). The file is never written, and nothing else (the live store) is touched.
   */
  static openArchive(path: string): SqliteStore {
    const { db, tempCopy } = openArchiveFile(path);
    try {
      const store = new SqliteStore(path, db, { readOnly: true });
      store.tempCopy = tempCopy;
      return store;
    } catch (error) {
      db.close();
      if (tempCopy) rmSync(tempCopy, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Opens a store or an archive read only, without its lock, its checks or a migration: for the read
   * worker (readWorker.ts), beside the process that holds the store open and writes it, and for
   * tests that look at a core's store. WAL lets it read a consistent picture while the feed is committed.
   */
  static openReader(path: string): SqliteStore {
    const db = openDatabase(path, { readonly: true, fileMustExist: true });
    try {
      return new SqliteStore(path, db, { readOnly: true });
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** What Ingest writes: the live log, and the quarantine for what failed validation. */
  feedWriter(): FeedWriter {
    return {
      commitBatch: (batch) => this.liveLog.commitBatch(batch),
      commitSnapshot: (snapshot) => this.liveLog.commitSnapshot(snapshot),
      quarantine: (entries) => this.quarantine.quarantine(entries),
    };
  }

  /** What the queries cost, and the slow ones: for the diagnostics. */
  queryFigures(): QueryFigures {
    return this.db.figures();
  }

  /**
   * The full integrity check of a store opened with its check left to the background, on a worker
   * thread (openStore.ts). Until it finds the file sound the store is not marked closed, so a check
   * cut short is run again at the next open; a damaged file is moved aside at the next open.
   */
  async checkInBackground(): Promise<BackgroundCheck> {
    if (this.checkState !== 'pending') return { sound: this.checkState !== 'damaged', problems: [], ms: 0 };
    const result = await checkInBackground(this.path, this.log);
    if (this.checkState === 'pending') this.checkState = result.sound ? 'sound' : 'damaged';
    return result;
  }

  /**
   * The trail table's backfill still to do, after an upgrade from schema 6 (migration 7): null
   * when the table is complete.
   */
  trailBackfillPending(): TrailBackfillMark | null {
    return this.positions.trailBackfill();
  }

  /**
   * Builds the trail table of an upgraded store on the background worker (trailBackfill.ts), each
   * step written here in a short transaction between the feed's commits; `onProgress` gets whole
   * percents. Stopped by close (the next open goes on from the last step written).
   */
  async buildTrailsInBackground(
    options: { onProgress?: (percent: number) => void; pageSeqs?: number } = {},
  ): Promise<TrailBackfillResult> {
    if (this.readOnly || this.backfill) throw new Error('The trail backfill runs once, on the live store.');
    const mark = this.positions.trailBackfill();
    if (!mark) return { complete: true, steps: 0, ms: 0 };
    this.log(
      `store ${this.path}: building the trail index of reports up to seq ${mark.below} in the background`,
    );
    let logged = -1;
    let longestWrite = 0;
    const backfill = new TrailBackfill(
      {
        path: this.path,
        pending: () => this.positions.trailBackfill(),
        apply: (step) => {
          const started = performance.now();
          // A step lost to a power cut is lost with the mark that says it was written (one
          // transaction), and is read again: it need not wait for the disk as the feed's commits do.
          this.db.connection.pragma('synchronous = NORMAL');
          try {
            return this.db.transaction('trail backfill step', () => this.positions.applyTrailBackfill(step));
          } catch (error) {
            this.positions.reload();
            throw error;
          } finally {
            this.db.connection.pragma('synchronous = FULL');
            longestWrite = Math.max(longestWrite, performance.now() - started);
          }
        },
      },
      {
        ...(options.pageSeqs !== undefined ? { pageSeqs: options.pageSeqs } : {}),
        onProgress: (percent) => {
          if (percent < 100 && Math.floor(percent / 10) > Math.floor(logged / 10)) {
            logged = percent;
            this.log(`store ${this.path}: building trail index, ${percent}%`);
          }
          options.onProgress?.(percent);
        },
      },
    );
    this.backfill = backfill;
    try {
      const result = await backfill.run();
      this.log(
        result.complete
          ? `store ${this.path}: trail index built in ${(result.ms / 1000).toFixed(1)} s (${result.steps} steps, the longest written in ${longestWrite.toFixed(0)} ms)`
          : `store ${this.path}: trail index stopped after ${result.steps} steps; the next open goes on`,
      );
      return result;
    } finally {
      this.backfill = null;
    }
  }

  /** The integrity check, for tests and diagnostics. */
  integrityCheck(): string[] {
    return checkFile(this.db.connection, this.path);
  }

  sizeBytes(): number {
    let total = 0;
    for (const suffix of ['', '-wal'])
      if (existsSync(this.path + suffix)) total += statSync(this.path + suffix).size;
    return total;
  }

  /** Rows of the log and of the positions table (diagnostics, benchmarks). */
  rowCounts(): { events: number; positions: number } {
    const events = this.db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck().get() ?? 0;
    const positions =
      this.db.prepare<[], number>('SELECT COALESCE(SUM(count), 0) FROM position_spans').pluck().get() ?? 0;
    return { events: events + positions, positions };
  }

  /**
   * Closes the store, marking it closed as the last write so the next open can skip the integrity
   * check ({@link OPEN_STATE_KEY}), and releases the lock. An archive is never written to.
   */
  close(): void {
    const connection = this.db.connection;
    if (!connection.open) return;
    this.backfill?.stop();
    // Not marked while the background check has not found the file sound: the next open checks it.
    if (!this.readOnly && this.checkState !== 'pending' && this.checkState !== 'damaged') {
      try {
        this.db
          .prepare(
            'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          )
          .run(OPEN_STATE_KEY, 'closed');
      } catch (error) {
        // Not marked: the next open checks the file, which is what a doubtful close deserves.
        this.log(`store ${this.path}: could not mark it closed (${(error as Error).message})`);
      }
    }
    release(connection);
    if (this.tempCopy) rmSync(this.tempCopy, { recursive: true, force: true });
  }
}
