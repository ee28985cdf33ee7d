import type { OperationState } from '../../../shared/state';
import { archiveInfo, exportArchive, type ArchiveInfo } from './archive';
import type { FeedPosition, Keyframe, LogTables, StoredEvent } from './LogTables';
import { TRAIL_DOWNSAMPLE_MIN_MS, type TrackPoint } from './PositionLog';
import { aggregateUnitDistances, scanUnitDistances, type UnitDistances } from './unitActivity';

/** What replay, its exports and its report read of a store or an archive. */
export interface ReplayReader {
  /** The file as the user knows it (the archive they opened, or the live store). */
  readonly path: string;
  /** The file the connection reads (an older archive's converted copy): the one a worker opens. */
  readonly fileRead: string;
  readonly readOnly: boolean;
  position(): FeedPosition;
  loadState(): { state: OperationState; position: FeedPosition };
  timeRange(): { startTs: number | null; endTs: number | null };
  eventAtOrBefore(ts: number): { seq: number; ts: number } | undefined;
  keyframeAfter(afterSeq: number, ts: number): { seq: number; ts: number } | undefined;
  keyframeSeqIn(afterSeq: number, untilSeq: number): number | undefined;
  keyframeAtOrBefore(seq: number): Keyframe | undefined;
  keyframeCount(): number;
  eventsBetween(afterSeq: number, untilSeq: number, pageSize?: number): Generator<StoredEvent[]>;
  trailsSince(sinceTs: number, unitIds: readonly string[]): Record<string, TrackPoint[]>;
  trailsBetween(fromTs: number, toTs: number, unitIds: readonly string[]): Record<string, TrackPoint[]>;
  track(unitId: string, fromTs: number, toTs: number): TrackPoint[];
  tracks(unitIds: readonly string[], fromTs: number, toTs: number): Map<string, TrackPoint[]>;
  logBefore(
    ts: number,
    limit: number,
  ): { seq: number; ts: number; type: string; payload: Record<string, unknown> }[];
  eventsOfTypes(types: readonly string[], fromTs: number, toTs: number): StoredEvent[];
  unitDistances(fromTs: number, toTs: number, options?: { fullScan?: boolean }): Promise<UnitDistances>;
  /** What an archive says about itself; null for a live store. */
  archiveInfo(): ArchiveInfo | null;
  /** Writes what is read here as one archive file (a consistent copy, while the feed goes on). */
  exportArchive(target: string, info: ArchiveInfo): Promise<void>;
}

/** The replay reads of a store or an archive, over the tables the live log writes. */
export class LogReader implements ReplayReader {
  constructor(
    private readonly tables: LogTables,
    readonly path: string,
    readonly readOnly: boolean,
  ) {}

  get fileRead(): string {
    return this.tables.db.connection.name;
  }

  position(): FeedPosition {
    return this.tables.position();
  }

  loadState(): { state: OperationState; position: FeedPosition } {
    return this.tables.loadState();
  }

  /** The first and the newest event time of the log; nulls while it is empty. */
  timeRange(): { startTs: number | null; endTs: number | null } {
    // Two queries: SQLite answers a lone MIN() or MAX() from the index's end, but both in one
    // SELECT scan the whole table (2.5 s on 25 million events), and the timeline asks every 5 s.
    const db = this.tables.db;
    const first = db.prepare<[], number | null>('SELECT MIN(ts) FROM events').pluck().get() ?? null;
    const last = db.prepare<[], number | null>('SELECT MAX(ts) FROM events').pluck().get() ?? null;
    const { min, max } = this.tables.positions.timeRange();
    const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number): number | null =>
      a === null ? b : b === null ? a : f(a, b);
    return { startTs: pick(first, min, Math.min), endTs: pick(last, max, Math.max) };
  }

  /**
   * The newest event at or before `ts` in time order (ties by seq): replay's state at `ts` is the
   * fold of the log up to it. One descending seek on the time index.
   */
  eventAtOrBefore(ts: number): { seq: number; ts: number } | undefined {
    const other = this.tables.db
      .prepare<[number], { seq: number; ts: number }>(
        'SELECT seq, ts FROM events WHERE ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1',
      )
      .get(ts);
    const report = this.tables.positions.atOrBefore(ts);
    if (!other || !report) return other ?? report;
    return report.ts > other.ts || (report.ts === other.ts && report.seq > other.seq) ? report : other;
  }

  /**
   * The newest keyframe after `afterSeq` taken at or before `ts`: where a snapshot (which leaves a
   * keyframe and no event) is the picture at `ts`.
   */
  keyframeAfter(afterSeq: number, ts: number): { seq: number; ts: number } | undefined {
    return this.tables.db
      .prepare<[number, number], { seq: number; ts: number }>(
        'SELECT seq, ts FROM keyframes WHERE seq > ? AND ts <= ? ORDER BY seq DESC LIMIT 1',
      )
      .get(afterSeq, ts);
  }

  /** The seq of the newest keyframe in (afterSeq, untilSeq], if any. */
  keyframeSeqIn(afterSeq: number, untilSeq: number): number | undefined {
    return this.tables.db
      .prepare<[number, number], number>(
        'SELECT seq FROM keyframes WHERE seq > ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
      )
      .pluck()
      .get(afterSeq, untilSeq);
  }

  /** The newest keyframe at or before `seq`. */
  keyframeAtOrBefore(seq: number): Keyframe | undefined {
    return this.tables.keyframeAtOrBefore(seq);
  }

  keyframeCount(): number {
    return this.tables.keyframeCount();
  }

  /**
   * The known events in (afterSeq, untilSeq], oldest first, read lazily in pages so that a fold
   * over millions of events holds one page at a time.
   */
  eventsBetween(afterSeq: number, untilSeq: number, pageSize = 5000): Generator<StoredEvent[]> {
    return this.tables.eventsBetween(afterSeq, untilSeq, pageSize);
  }

  /** The trails of the given units since `sinceTs` (a reload's): as {@link trailsBetween}. */
  trailsSince(sinceTs: number, unitIds: readonly string[]): Record<string, TrackPoint[]> {
    return this.trailsBetween(sinceTs, Number.MAX_SAFE_INTEGER, unitIds);
  }

  /**
   * The trails of the given units over [fromTs, toTs] (report time), oldest first. A window of
   * {@link TRAIL_DOWNSAMPLE_MIN_MS} or more (a seek, a reload) is read from the trail table: each
   * unit's last report of each minute, ending at its last report at or before `toTs` (a few rows
   * instead of 90,000 reports for 15 minutes of 1,000 units). A shorter one (a step of playback)
   * gives every report. Exports read every report ({@link tracks}).
   */
  trailsBetween(fromTs: number, toTs: number, unitIds: readonly string[]): Record<string, TrackPoint[]> {
    const positions = this.tables.positions;
    const units = new Set(unitIds);
    return Object.fromEntries(
      toTs - fromTs >= TRAIL_DOWNSAMPLE_MIN_MS
        ? positions.trail(fromTs, toTs, units)
        : positions.points(fromTs, toTs, units),
    );
  }

  /**
   * Every report of a unit in [fromTs, toTs], oldest first. Read whole (a unit reporting every 10 s
   * for 72 hours is 26,000 points): an export streams unit after unit to a file, and a statement
   * left open across those writes would block the live feed's commits on this connection. Each
   * call reads every report in the period: {@link tracks} reads many units in one pass.
   */
  track(unitId: string, fromTs: number, toTs: number): TrackPoint[] {
    return this.tables.positions.points(fromTs, toTs, new Set([unitId])).get(unitId) ?? [];
  }

  /** The tracks of several units in [fromTs, toTs] in one pass; a unit with no report has none. */
  tracks(unitIds: readonly string[], fromTs: number, toTs: number): Map<string, TrackPoint[]> {
    return this.tables.positions.points(fromTs, toTs, new Set(unitIds));
  }

  /** The newest events other than position reports at or before `ts`, newest first (the replay's event list). */
  logBefore(
    ts: number,
    limit: number,
  ): { seq: number; ts: number; type: string; payload: Record<string, unknown> }[] {
    return this.tables.db
      .prepare<[number, number], { seq: number; ts: number; type: string; payload: string }>(
        `SELECT seq, ts, type, payload FROM events WHERE type != 'unit.position' AND ts <= ?
         ORDER BY ts DESC, seq DESC LIMIT ?`,
      )
      .all(ts, limit)
      .map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  /** The known events of the given types (never position reports) in [fromTs, toTs], in log order. */
  eventsOfTypes(types: readonly string[], fromTs: number, toTs: number): StoredEvent[] {
    if (types.length === 0) return [];
    return this.tables.db
      .prepare<unknown[], { seq: number; id: string; ts: number; type: string; payload: string }>(
        `SELECT seq, id, ts, type, payload FROM events
         WHERE type != 'unit.position' AND ts >= ? AND ts <= ? AND known = 1 AND type IN (${types.map(() => '?').join(',')})
         ORDER BY seq`,
      )
      .all(fromTs, toTs, ...types)
      .map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown>, known: true }));
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
    const positions = this.tables.positions;
    const fromAggregates = options.fullScan
      ? null
      : aggregateUnitDistances(this.tables.db, fromTs, toTs, positions);
    return (
      fromAggregates ??
      scanUnitDistances(positions, fromTs, toTs, () => new Promise((resolve) => setImmediate(resolve)))
    );
  }

  archiveInfo(): ArchiveInfo | null {
    return archiveInfo((key) => this.tables.meta(key));
  }

  exportArchive(target: string, info: ArchiveInfo): Promise<void> {
    return exportArchive(this.tables.db.connection, this.tables.meta('operation_id'), target, info);
  }
}
