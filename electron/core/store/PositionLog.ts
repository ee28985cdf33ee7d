import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TimedDatabase } from './TimedDatabase';
import type { OperationState, UnitPosition } from '../../../shared/state';

/** A position report as the log holds it: the event's envelope and its payload. */
export interface PositionEvent {
  seq: number;
  id: string;
  ts: number;
  payload: {
    unitId: string;
    lon: number;
    lat: number;
    heading: number;
    speed: number;
    accuracy: number;
    at: number;
  };
}

/** A point of a unit's trail or track. */
export interface TrackPoint {
  ts: number;
  lon: number;
  lat: number;
}

/**
 * Row flags. ORPHAN: a report about a unit not held when it came (the reducer ignored it), kept in
 * the log but no position of any unit, so left out of trails and tracks. RAW: a value would not
 * survive the integer scaling exactly, so the row holds the numbers as received (replay must fold
 * to the very state the live view had).
 */
const ORPHAN = 1;
const RAW = 2;
/** Degrees to integers of 1e-7 degree (about 1 cm): 32 bits for any longitude. */
const LONLAT_SCALE = 1e7;
/** Heading in tenths of a degree and speed in tenths of a metre per second: 2 bytes each. */
const HEADING_SCALE = 10;
const SPEED_SCALE = 10;
const ACCURACY_SCALE = 1;
/**
 * The most reports one span row covers. A span is the unit of the time index: a seek reads the
 * spans its window touches, so a smaller span reads fewer rows it then drops, a larger one keeps
 * the span table smaller (about 250 rows per million reports at this size).
 */
const SPAN_MAX = 4096;
const INT32 = 2 ** 31;
const RUN_SPANS = 64;
/**
 * The trail table's time bucket (migration 7): each unit's last report of each minute. A seek's
 * 15-minute trails read 15 rows of it instead of every report (90,000 at 1,000 units every 10 s).
 */
export const TRAIL_BUCKET_MS = 60_000;
/**
 * Trails over a window at least this long are read from the trail table (a seek, a reload); a
 * shorter one (a step of playback) reads every report.
 */
export const TRAIL_DOWNSAMPLE_MIN_MS = 5 * 60_000;
/** Seqs read a page at a time when the trail table is rebuilt (under 2^20: see there). */
const TRAIL_REBUILD_PAGE = 50_000;
/**
 * The meta key of the trail table's backfill (migration 7): while it is there, the reports with a
 * seq at or below `below` are not yet in the table (see {@link TrailBackfillMark}).
 */
export const TRAIL_BACKFILL_KEY = 'trail_backfill';
/** Seqs one step of the backfill reads (a few minutes of a 1,000-unit feed; under 2^20). */
export const TRAIL_BACKFILL_PAGE = 50_000;

/**
 * How far the trail table's backfill of an older store has come. Reports with a seq above `below`
 * are in the table (the live feed's from the upgrade on, and those the backfill took, newest seqs
 * first); those at or below it are not yet, and none of them has a report time after `maxAt`, so
 * every minute after the minute of `maxAt` is complete. `top` and `bottom` are the seqs the
 * backfill started from and goes down to (for its progress).
 */
export interface TrailBackfillMark {
  below: number;
  maxAt: number;
  top: number;
  bottom: number;
}

/** One step of the backfill, computed on a read-only connection (the worker's), applied by the writer. */
export interface TrailBackfillStep {
  /** The mark (its stored text) the step was computed from: applied only if it still reads so. */
  mark: string;
  /** The reports in (after, mark.below] were taken. */
  after: number;
  /** The report time bound of what is left (at or below `after`); null when nothing is left. */
  maxAt: number | null;
  /** Each minute the step changes: the stored blob it was merged into (null: none) and the new one. */
  buckets: { bucket: number; base: Uint8Array | null; blob: Uint8Array }[];
}

/**
 * A unit's point in a trail bucket: its report time and its coordinates, integers of 1e-7 degree,
 * or, for a report whose coordinates are finer than that (`raw`), degrees as received.
 */
interface BucketPoint {
  at: number;
  lon: number;
  lat: number;
  raw: boolean;
}

/**
 * A trail bucket as stored, deflated: the number of points (uint32); the points sorted by unit key
 * in columns (key deltas as uint32, report time within the bucket as uint16, lon, lat as int32,
 * little-endian), each column's bytes shuffled (all first bytes, then all second bytes...); then,
 * for each raw point, its index (uint32) and its lon and lat as doubles. Deflate packs a point to
 * about 8 bytes (under 1.5 MB per million reports at 1,000 units every 10 s).
 */
export function encodeTrailBucket(bucket: number, points: ReadonlyMap<number, BucketPoint>): Buffer {
  const keys = [...points.keys()].sort((a, b) => a - b);
  const n = keys.length;
  const plain = Buffer.alloc(n * 14);
  const start = bucket * TRAIL_BUCKET_MS;
  const raw: number[] = [];
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const p = points.get(key)!;
    plain.writeUInt32LE(key - previous, i * 4);
    plain.writeUInt16LE(p.at - start, n * 4 + i * 2);
    if (p.raw) raw.push(i);
    else {
      plain.writeInt32LE(p.lon, n * 6 + i * 4);
      plain.writeInt32LE(p.lat, n * 10 + i * 4);
    }
    previous = key;
  }
  const out = Buffer.alloc(4 + n * 14 + raw.length * 20);
  out.writeUInt32LE(n, 0);
  let o = 4;
  for (const [from, width] of [
    [0, 4],
    [n * 4, 2],
    [n * 6, 4],
    [n * 10, 4],
  ] as const)
    for (let byte = 0; byte < width; byte++)
      for (let i = 0; i < n; i++) out[o++] = plain[from + i * width + byte]!;
  for (const i of raw) {
    const p = points.get(keys[i]!)!;
    out.writeUInt32LE(i, o);
    out.writeDoubleLE(p.lon, o + 4);
    out.writeDoubleLE(p.lat, o + 12);
    o += 20;
  }
  return deflateRawSync(out, { level: 6 });
}

/**
 * Visits the points of a stored trail bucket ({@link encodeTrailBucket}) in unit key order: the
 * key, the report time, the coordinates (integers of 1e-7 degree, or degrees when `raw`).
 */
export function forEachTrailPoint(
  bucket: number,
  blob: Buffer,
  visit: (key: number, at: number, lon: number, lat: number, raw: boolean) => void,
): void {
  const s = inflateRawSync(blob);
  const n = s.readUInt32LE(0);
  const start = bucket * TRAIL_BUCKET_MS;
  const raw = new Map<number, number>();
  for (let o = 4 + n * 14; o < s.length; o += 20) raw.set(s.readUInt32LE(o), o);
  // Column byte b of point i is at 4 + (the column's first byte + b) * n + i.
  let key = 0;
  for (let j = 4, i = 0; i < n; i++, j++) {
    key += (s[j]! | (s[n + j]! << 8) | (s[2 * n + j]! << 16)) + s[3 * n + j]! * 2 ** 24;
    const at = start + (s[4 * n + j]! | (s[5 * n + j]! << 8));
    const r = raw.get(i);
    if (r !== undefined) visit(key, at, s.readDoubleLE(r + 4), s.readDoubleLE(r + 12), true);
    else
      visit(
        key,
        at,
        s[6 * n + j]! | (s[7 * n + j]! << 8) | (s[8 * n + j]! << 16) | (s[9 * n + j]! << 24),
        s[10 * n + j]! | (s[11 * n + j]! << 8) | (s[12 * n + j]! << 16) | (s[13 * n + j]! << 24),
        false,
      );
  }
}

/** The points of a stored trail bucket, by unit key. */
export function decodeTrailBucket(bucket: number, blob: Buffer): Map<number, BucketPoint> {
  const out = new Map<number, BucketPoint>();
  forEachTrailPoint(bucket, blob, (key, at, lon, lat, raw) => out.set(key, { at, lon, lat, raw }));
  return out;
}

/** A report's point for the trail table: integer-scaled where both coordinates allow. */
function trailPoint(key: number, at: number, lon: number, lat: number): { key: number } & BucketPoint {
  const x = scaled(lon, LONLAT_SCALE);
  const y = scaled(lat, LONLAT_SCALE);
  return x !== undefined && y !== undefined
    ? { key, at, lon: x, lat: y, raw: false }
    : { key, at, lon, lat, raw: true };
}

/** `v * scale` as an integer when that gives `v` back exactly, else undefined. */
function scaled(v: number, scale: number): number | undefined {
  const s = Math.round(v * scale);
  return s / scale === v && Math.abs(s) < INT32 ? s : undefined;
}

const PAYLOAD_KEYS = ['unitId', 'lon', 'lat', 'heading', 'speed', 'accuracy', 'at'] as const;

/**
 * Whether a known event can be kept as a compact position row and read back equal: a
 * unit.position whose payload has exactly the protocol's fields, with integer times. Anything else
 * stays in the events table as JSON.
 */
export function isCompactPosition(event: {
  type: string;
  ts: number;
  known: boolean;
  payload: Record<string, unknown>;
}): event is typeof event & { payload: PositionEvent['payload'] } {
  if (!event.known || event.type !== 'unit.position' || !Number.isSafeInteger(event.ts)) return false;
  const p = event.payload;
  const keys = Object.keys(p);
  if (keys.length !== PAYLOAD_KEYS.length) return false;
  for (const key of PAYLOAD_KEYS) {
    const v = p[key];
    if (key === 'unitId' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return Number.isSafeInteger(p['at']);
}

interface Span {
  firstSeq: number;
  lastSeq: number;
  count: number;
  minTs: number;
  maxTs: number;
  minAt: number;
  maxAt: number;
}

/** One row of `positions` as `.raw()` returns it: seq, unit_key, ts, at_delta, lon, lat, heading, speed, accuracy, flags, id. */
type Row = [number, number, number, number, number, number, number, number, number, number, string | null];

/**
 * The position reports of the log, in a layout made for volume (migration 4 describes it): one
 * row per report keyed by seq, integer-scaled, no JSON; a span table as the time index; a units
 * dictionary; and each unit's current position. Written inside the store's transactions.
 */
export class PositionLog {
  private readonly unitKeys = new Map<string, number>();
  private readonly unitIds: string[] = [];
  private idPrefix: string | null;
  private openSpan: Span | null = null;
  private readonly stmt;
  /** Whether the trail table is written (not while migration 4 runs, before it exists). */
  private readonly keepTrails: boolean;
  /** The trail bucket written last, as written (the live feed adds to the same minute each commit). */
  private trailCache: { bucket: number; points: Map<number, BucketPoint> } | null = null;

  constructor(
    private readonly db: TimedDatabase,
    options: { trailTable?: boolean } = {},
  ) {
    this.keepTrails = options.trailTable ?? true;
    this.stmt = {
      insert: db.prepare(
        'INSERT INTO positions (seq, unit_key, ts, at_delta, lon, lat, heading, speed, accuracy, flags, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertUnit: db.prepare('INSERT INTO unit_keys (unit_id) VALUES (?)'),
      insertSpan: db.prepare(
        'INSERT INTO position_spans (first_seq, last_seq, count, min_ts, max_ts, min_at, max_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updateSpan: db.prepare(
        'UPDATE position_spans SET last_seq = ?, count = ?, min_ts = ?, max_ts = ?, min_at = ?, max_at = ? WHERE first_seq = ?',
      ),
      upsertCurrent: db.prepare(
        `INSERT INTO unit_positions (unit_id, lon, lat, heading, speed, accuracy, at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(unit_id) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, heading = excluded.heading,
         speed = excluded.speed, accuracy = excluded.accuracy, at = excluded.at`,
      ),
      page: db.prepare<[number, number, number]>(
        'SELECT seq, unit_key, ts, at_delta, lon, lat, heading, speed, accuracy, flags, id FROM positions WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      ),
    };
    this.idPrefix = null;
    this.reload();
  }

  /** Re-reads what is cached from the tables (after a rolled-back transaction). */
  reload(): void {
    this.trailCache = null;
    this.unitKeys.clear();
    this.unitIds.length = 0;
    for (const r of this.db.prepare('SELECT unit_key, unit_id FROM unit_keys').raw().all() as [
      number,
      string,
    ][]) {
      this.unitKeys.set(r[1], r[0]);
      this.unitIds[r[0]] = r[1];
    }
    this.idPrefix =
      (this.db.prepare("SELECT value FROM meta WHERE key = 'event_id_prefix'").pluck().get() as
        string | undefined) ?? null;
    const last = this.db
      .prepare(
        'SELECT first_seq AS firstSeq, last_seq AS lastSeq, count, min_ts AS minTs, max_ts AS maxTs, min_at AS minAt, max_at AS maxAt FROM position_spans ORDER BY first_seq DESC LIMIT 1',
      )
      .get() as Span | undefined;
    this.openSpan = last ?? null;
  }

  private unitKey(unitId: string): number {
    let key = this.unitKeys.get(unitId);
    if (key === undefined) {
      key = Number(this.stmt.insertUnit.run(unitId).lastInsertRowid);
      this.unitKeys.set(unitId, key);
      this.unitIds[key] = unitId;
    }
    return key;
  }

  /**
   * Appends reports (in seq order, after every seq held) and extends the time index. `orphan`
   * marks those about a unit not held then.
   */
  append(events: readonly { event: PositionEvent; orphan: boolean }[]): void {
    if (events.length === 0) return;
    let span: Span | null = null;
    const trail: ({ key: number } & BucketPoint)[] = [];
    for (const { event, orphan } of events) {
      const { seq, id, ts, payload: p } = event;
      if (this.idPrefix === null && id.endsWith(String(seq))) {
        // Servers name events after the operation and the seq: the name is kept once, not per row.
        this.idPrefix = id.slice(0, id.length - String(seq).length);
        this.db
          .prepare(
            'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          )
          .run('event_id_prefix', this.idPrefix);
      }
      const lon = scaled(p.lon, LONLAT_SCALE);
      const lat = scaled(p.lat, LONLAT_SCALE);
      const heading = scaled(p.heading, HEADING_SCALE);
      const speed = scaled(p.speed, SPEED_SCALE);
      const accuracy = scaled(p.accuracy, ACCURACY_SCALE);
      const exact =
        lon !== undefined &&
        lat !== undefined &&
        heading !== undefined &&
        speed !== undefined &&
        accuracy !== undefined;
      const key = this.unitKey(p.unitId);
      if (!orphan)
        trail.push(exact ? { key, at: p.at, lon, lat, raw: false } : trailPoint(key, p.at, p.lon, p.lat));
      this.stmt.insert.run(
        seq,
        key,
        ts,
        p.at - ts,
        exact ? lon : p.lon,
        exact ? lat : p.lat,
        exact ? heading : p.heading,
        exact ? speed : p.speed,
        exact ? accuracy : p.accuracy,
        (orphan ? ORPHAN : 0) | (exact ? 0 : RAW),
        this.idPrefix !== null && id === `${this.idPrefix}${seq}` ? null : id,
      );
      if (!span)
        span = { firstSeq: seq, lastSeq: seq, count: 0, minTs: ts, maxTs: ts, minAt: p.at, maxAt: p.at };
      span.lastSeq = seq;
      span.count++;
      span.minTs = Math.min(span.minTs, ts);
      span.maxTs = Math.max(span.maxTs, ts);
      span.minAt = Math.min(span.minAt, p.at);
      span.maxAt = Math.max(span.maxAt, p.at);
    }
    this.addSpan(span!);
    if (this.keepTrails) this.addTrailPoints(trail);
  }

  /**
   * Puts reports (in seq order) into the trail table: each is its unit's point in its minute unless
   * that holds a later report (a late report lands in the minute of its time, behind a newer one).
   * Equal times: the later seq, as a full read orders them.
   */
  private addTrailPoints(points: readonly ({ key: number } & BucketPoint)[]): void {
    if (points.length === 0) return;
    const byBucket = new Map<number, typeof points>();
    for (const p of points) {
      const bucket = Math.floor(p.at / TRAIL_BUCKET_MS);
      const list = byBucket.get(bucket) as (typeof p)[] | undefined;
      if (list) list.push(p);
      else byBucket.set(bucket, [p]);
    }
    const read = this.db.prepare('SELECT points FROM trail_buckets WHERE bucket = ?').pluck();
    const write = this.db.prepare(
      'INSERT INTO trail_buckets (bucket, points) VALUES (?, ?) ON CONFLICT(bucket) DO UPDATE SET points = excluded.points',
    );
    for (const [bucket, list] of byBucket) {
      let held: Map<number, BucketPoint>;
      if (this.trailCache?.bucket === bucket) held = this.trailCache.points;
      else {
        const blob = read.get(bucket) as Buffer | undefined;
        held = blob ? decodeTrailBucket(bucket, blob) : new Map<number, BucketPoint>();
      }
      let changed = false;
      for (const p of list) {
        const h = held.get(p.key);
        if (h && h.at > p.at) continue;
        if (h && h.at === p.at && h.lon === p.lon && h.lat === p.lat && h.raw === p.raw) continue;
        held.set(p.key, { at: p.at, lon: p.lon, lat: p.lat, raw: p.raw });
        changed = true;
      }
      if (changed) write.run(bucket, encodeTrailBucket(bucket, held));
      this.trailCache = { bucket, points: held };
    }
  }

  /**
   * Writes the trail table again from the reports with a time at or after `fromAt` (all by
   * default): migration 7's backfill of an older store, and after a snapshot dropped reports.
   */
  rebuildTrails(fromAt = Number.MIN_SAFE_INTEGER): void {
    const fromBucket = Math.floor(fromAt / TRAIL_BUCKET_MS);
    this.trailCache = null;
    this.db.prepare('DELETE FROM trail_buckets WHERE bucket >= ?').run(fromBucket);
    const start = fromBucket * TRAIL_BUCKET_MS;
    const range = this.db
      .prepare('SELECT MIN(first_seq), MAX(last_seq) FROM position_spans WHERE max_at >= ?')
      .raw()
      .get(start) as [number | null, number | null];
    if (range[0] === null || range[1] === null) return;
    for (let after = range[0] - 1; after < range[1]; after += TRAIL_REBUILD_PAGE) {
      const points = this.lastOfEachMinute(after, Math.min(after + TRAIL_REBUILD_PAGE, range[1]), start);
      // Within a page the order does not matter (one point per unit and minute), across pages it
      // is seq order: a later page's point of the same time wins, as at ingest.
      this.addTrailPoints(points);
    }
    this.trailsRebuiltFrom(start);
  }

  /**
   * After the table was written again from every report of a time at or after `start`, what the
   * backfill still has to do lies before `start` (nothing, for a rebuild of the whole table).
   */
  private trailsRebuiltFrom(start: number, droppedAfterSeq?: number): void {
    const mark = this.trailBackfill();
    if (!mark) return;
    const below = Math.min(mark.below, droppedAfterSeq ?? mark.below);
    const maxAt = Math.min(mark.maxAt, start - 1);
    if (start <= Number.MIN_SAFE_INTEGER + TRAIL_BUCKET_MS || below < mark.bottom)
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(TRAIL_BACKFILL_KEY);
    else this.setMeta(TRAIL_BACKFILL_KEY, JSON.stringify({ ...mark, below, maxAt }));
  }

  /** The trail table's backfill still to do (migration 7 on an older store); null when complete. */
  trailBackfill(): TrailBackfillMark | null {
    const text = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(TRAIL_BACKFILL_KEY) as
      string | undefined;
    return text === undefined ? null : (JSON.parse(text) as TrailBackfillMark);
  }

  /**
   * Marks the whole of what is stored as not yet in the trail table (migration 7 on an older store):
   * nothing is read but the span table, so the upgrade costs nothing at open, and the table is
   * built in the background ({@link trailBackfillStep}). Nothing to mark when there are no reports.
   */
  markTrailBackfill(): void {
    const r = this.db
      .prepare('SELECT MIN(first_seq), MAX(last_seq), MAX(max_at) FROM position_spans')
      .raw()
      .get() as [number | null, number | null, number | null];
    if (r[0] === null || r[1] === null || r[2] === null) return;
    const mark: TrailBackfillMark = { below: r[1], maxAt: r[2], top: r[1], bottom: r[0] };
    this.setMeta(TRAIL_BACKFILL_KEY, JSON.stringify(mark));
  }

  /** How much of the backfill is done, 0 to 100 (100 when there is none). */
  static backfillPercent(mark: TrailBackfillMark | null): number {
    if (!mark) return 100;
    const all = mark.top - mark.bottom + 1;
    return all <= 0 ? 100 : Math.max(0, Math.min(99, Math.floor(((mark.top - mark.below) * 100) / all)));
  }

  /**
   * The next step of the backfill, read only (the worker runs it on its own connection): the
   * reports in (below - pageSeqs, below], each unit's last of each minute merged into the minute's
   * stored points (one the table holds keeps its place on equal times: it came from a later seq,
   * the feed's or an earlier step's, since steps go from the newest seqs down), and the bound of
   * what is left. Null when there is no backfill.
   */
  trailBackfillStep(pageSeqs = TRAIL_BACKFILL_PAGE): TrailBackfillStep | null {
    const text = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(TRAIL_BACKFILL_KEY) as
      string | undefined;
    if (text === undefined) return null;
    const mark = JSON.parse(text) as TrailBackfillMark;
    const after = mark.below - Math.min(pageSeqs, 2 ** 20 - 1);
    const points = this.lastOfEachMinute(after, mark.below, Number.MIN_SAFE_INTEGER);
    const byBucket = new Map<number, ({ key: number } & BucketPoint)[]>();
    for (const p of points) {
      const bucket = Math.floor(p.at / TRAIL_BUCKET_MS);
      const list = byBucket.get(bucket);
      if (list) list.push(p);
      else byBucket.set(bucket, [p]);
    }
    const read = this.db.prepare('SELECT points FROM trail_buckets WHERE bucket = ?').pluck();
    const buckets: TrailBackfillStep['buckets'] = [];
    for (const [bucket, list] of byBucket) {
      const base = (read.get(bucket) as Buffer | undefined) ?? null;
      const held = base ? decodeTrailBucket(bucket, base) : new Map<number, BucketPoint>();
      let changed = false;
      for (const p of list) {
        const h = held.get(p.key);
        if (h && h.at >= p.at) continue;
        held.set(p.key, { at: p.at, lon: p.lon, lat: p.lat, raw: p.raw });
        changed = true;
      }
      if (changed) buckets.push({ bucket, base, blob: encodeTrailBucket(bucket, held) });
    }
    // What is left: whole spans below `after`, and the part of the span `after` falls in.
    const whole = this.db
      .prepare('SELECT MAX(max_at) FROM position_spans WHERE last_seq <= ?')
      .pluck()
      .get(after) as number | null;
    const straddling = this.db
      .prepare('SELECT first_seq FROM position_spans WHERE first_seq <= ? AND last_seq > ?')
      .pluck()
      .get(after, after) as number | undefined;
    const part =
      straddling === undefined
        ? null
        : (this.db
            .prepare('SELECT MAX(ts + at_delta) FROM positions WHERE seq >= ? AND seq <= ?')
            .pluck()
            .get(straddling, after) as number | null);
    const maxAt = whole === null ? part : part === null ? whole : Math.max(whole, part);
    return { mark: text, after, maxAt, buckets };
  }

  /**
   * Applies a step of the backfill ({@link trailBackfillStep}) inside the caller's transaction, with
   * the mark moved down past it (or removed at the end). Refused (false, nothing written) when the
   * store moved on since the step was read: the mark changed (a snapshot) or a minute it merges
   * into was written meanwhile (a late report of the feed); the step is then read again.
   */
  applyTrailBackfill(step: TrailBackfillStep): boolean {
    const text = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(TRAIL_BACKFILL_KEY) as
      string | undefined;
    if (text !== step.mark) return false;
    const read = this.db.prepare('SELECT points FROM trail_buckets WHERE bucket = ?').pluck();
    for (const { bucket, base } of step.buckets) {
      const now = (read.get(bucket) as Buffer | undefined) ?? null;
      if (now === null ? base !== null : base === null || !now.equals(base)) return false;
    }
    const write = this.db.prepare(
      'INSERT INTO trail_buckets (bucket, points) VALUES (?, ?) ON CONFLICT(bucket) DO UPDATE SET points = excluded.points',
    );
    for (const { bucket, blob } of step.buckets) {
      write.run(bucket, Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
      if (this.trailCache?.bucket === bucket) this.trailCache = null;
    }
    const mark = JSON.parse(text) as TrailBackfillMark;
    if (step.maxAt === null || step.after < mark.bottom)
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(TRAIL_BACKFILL_KEY);
    else this.setMeta(TRAIL_BACKFILL_KEY, JSON.stringify({ ...mark, below: step.after, maxAt: step.maxAt }));
    return true;
  }

  /**
   * Each unit's last report (newest time, then newest seq) of each minute among the reports in
   * (after, until] with a time at or after `fromAt`: SQLite keeps one per unit and minute (one max
   * of both, the seq's offset in the page in the low 20 bits, so a page is under 2^20 seqs) and
   * hands them over as one text of numbers (a RAW row's to 17 digits: exact).
   */
  private lastOfEachMinute(after: number, until: number, fromAt: number): ({ key: number } & BucketPoint)[] {
    const text = this.db
      .prepare(
        `SELECT group_concat(k || ',' || at || ',' || x || ',' || y || ',' || raw, ',') FROM (
           SELECT unit_key AS k, ts + at_delta AS at, flags & ${RAW} AS raw,
             CASE WHEN flags & ${RAW} THEN printf('%!.17g', lon) ELSE lon END AS x,
             CASE WHEN flags & ${RAW} THEN printf('%!.17g', lat) ELSE lat END AS y,
             MAX((ts + at_delta) * 1048576 + (seq - CAST(? AS INTEGER)))
           FROM positions WHERE seq > ? AND seq <= ? AND flags & ${ORPHAN} = 0 AND ts + at_delta >= ?
           GROUP BY (ts + at_delta) / ${TRAIL_BUCKET_MS}, unit_key)`,
      )
      .pluck()
      .get(after, after, until, fromAt) as string | null;
    if (text === null) return [];
    const v = JSON.parse(`[${text}]`) as number[];
    const points: ({ key: number } & BucketPoint)[] = [];
    for (let i = 0; i < v.length; i += 5)
      points.push(
        v[i + 4]
          ? trailPoint(v[i]!, v[i + 1]!, v[i + 2]!, v[i + 3]!)
          : { key: v[i]!, at: v[i + 1]!, lon: v[i + 2]!, lat: v[i + 3]!, raw: false },
      );
    return points;
  }

  private setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  private addSpan(span: Span): void {
    const open = this.openSpan;
    if (open && open.count + span.count <= SPAN_MAX) {
      // Small commits (the live feed's) grow the newest span rather than each adding a row.
      const merged: Span = {
        firstSeq: open.firstSeq,
        lastSeq: span.lastSeq,
        count: open.count + span.count,
        minTs: Math.min(open.minTs, span.minTs),
        maxTs: Math.max(open.maxTs, span.maxTs),
        minAt: Math.min(open.minAt, span.minAt),
        maxAt: Math.max(open.maxAt, span.maxAt),
      };
      this.stmt.updateSpan.run(
        merged.lastSeq,
        merged.count,
        merged.minTs,
        merged.maxTs,
        merged.minAt,
        merged.maxAt,
        merged.firstSeq,
      );
      this.openSpan = merged;
    } else {
      this.stmt.insertSpan.run(
        span.firstSeq,
        span.lastSeq,
        span.count,
        span.minTs,
        span.maxTs,
        span.minAt,
        span.maxAt,
      );
      this.openSpan = span;
    }
  }

  /** Keeps each unit's current position equal to the reducer's (what a reload shows). */
  writeCurrent(previous: OperationState, next: OperationState): void {
    if (previous.units === next.units) return;
    for (const [id, unit] of Object.entries(next.units)) {
      const p = unit.position;
      if (!p || previous.units[id]?.position === p) continue;
      this.stmt.upsertCurrent.run(id, p.lon, p.lat, p.heading, p.speed, p.accuracy, p.at);
    }
  }

  /** Replaces every current position with a snapshot's, and drops reports after its seq. */
  resetTo(seq: number, state: OperationState): void {
    // The minutes that may hold a report dropped here are written again from what stays.
    const droppedFrom = this.db
      .prepare('SELECT MIN(min_at) FROM position_spans WHERE last_seq > ?')
      .pluck()
      .get(seq) as number | null;
    this.db.prepare('DELETE FROM positions WHERE seq > ?').run(seq);
    this.db.prepare('DELETE FROM position_spans WHERE first_seq > ?').run(seq);
    const straddling = this.db
      .prepare('SELECT first_seq FROM position_spans WHERE last_seq > ?')
      .pluck()
      .get(seq) as number | undefined;
    if (straddling !== undefined) {
      const s = this.db
        .prepare(
          'SELECT COUNT(*) AS count, MAX(seq) AS lastSeq, MIN(ts) AS minTs, MAX(ts) AS maxTs, MIN(ts + at_delta) AS minAt, MAX(ts + at_delta) AS maxAt FROM positions WHERE seq >= ? AND seq <= ?',
        )
        .get(straddling, seq) as Omit<Span, 'firstSeq'>;
      if (s.count === 0) this.db.prepare('DELETE FROM position_spans WHERE first_seq = ?').run(straddling);
      else this.stmt.updateSpan.run(s.lastSeq, s.count, s.minTs, s.maxTs, s.minAt, s.maxAt, straddling);
    }
    if (droppedFrom !== null && this.keepTrails) {
      this.rebuildTrails(droppedFrom);
      // The reports dropped are none of the backfill's to take.
      this.trailsRebuiltFrom(Math.floor(droppedFrom / TRAIL_BUCKET_MS) * TRAIL_BUCKET_MS, seq);
    }
    this.rewriteCurrent(state);
    this.reload();
  }

  /** Replaces every current position with the state's. */
  rewriteCurrent(state: OperationState): void {
    this.db.prepare('DELETE FROM unit_positions').run();
    for (const [id, unit] of Object.entries(state.units)) {
      const p = unit.position;
      if (p) this.stmt.upsertCurrent.run(id, p.lon, p.lat, p.heading, p.speed, p.accuracy, p.at);
    }
  }

  /** Each unit's current position. */
  current(): Map<string, UnitPosition> {
    const out = new Map<string, UnitPosition>();
    for (const r of this.db
      .prepare('SELECT unit_id, lon, lat, heading, speed, accuracy, at FROM unit_positions')
      .raw()
      .all() as [string, number, number, number, number, number, number][])
      out.set(r[0], {
        lon: r[1],
        lat: r[2],
        heading: r[3],
        speed: r[4],
        accuracy: r[5],
        at: r[6],
      } as UnitPosition);
    return out;
  }

  private toEvent(r: Row): PositionEvent {
    const raw = (r[9] & RAW) !== 0;
    return {
      seq: r[0],
      id: r[10] ?? `${this.idPrefix}${r[0]}`,
      ts: r[2],
      payload: {
        unitId: this.unitIds[r[1]]!,
        lon: raw ? r[4] : r[4] / LONLAT_SCALE,
        lat: raw ? r[5] : r[5] / LONLAT_SCALE,
        heading: raw ? r[6] : r[6] / HEADING_SCALE,
        speed: raw ? r[7] : r[7] / SPEED_SCALE,
        accuracy: raw ? r[8] : r[8] / ACCURACY_SCALE,
        at: r[2] + r[3],
      },
    };
  }

  /** The reports in (afterSeq, untilSeq], oldest first, at most `limit`. */
  page(afterSeq: number, untilSeq: number, limit: number): PositionEvent[] {
    return (this.stmt.page.raw().all(afterSeq, untilSeq, limit) as Row[]).map((r) => this.toEvent(r));
  }

  /** All seqs held (tests). */
  seqs(): number[] {
    return this.db.prepare('SELECT seq FROM positions ORDER BY seq').pluck().all() as number[];
  }

  count(): number {
    return (
      (this.db.prepare('SELECT COALESCE(SUM(count), 0) FROM position_spans').pluck().get() as number) ?? 0
    );
  }

  /** The first and the last envelope time held; nulls when none. */
  timeRange(): { min: number | null; max: number | null } {
    const r = this.db.prepare('SELECT MIN(min_ts) AS min, MAX(max_ts) AS max FROM position_spans').get() as {
      min: number | null;
      max: number | null;
    };
    return r;
  }

  /**
   * The newest report at or before `ts` in time order (ties by seq). The spans bound where it can
   * be: they are read from the one with the latest possible time, and the search stops once no
   * span left can hold a later one (for a feed in time order, the first span read).
   */
  atOrBefore(ts: number): { seq: number; ts: number } | undefined {
    const spans = this.db
      .prepare(
        'SELECT first_seq, last_seq, MIN(max_ts, ?) AS bound FROM position_spans WHERE min_ts <= ? ORDER BY bound DESC, last_seq DESC',
      )
      .raw()
      .all(ts, ts) as [number, number, number][];
    const within = this.db.prepare<[number, number, number], { seq: number; ts: number }>(
      'SELECT seq, ts FROM positions WHERE seq >= ? AND seq <= ? AND ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1',
    );
    let best: { seq: number; ts: number } | undefined;
    for (const [first, last, bound] of spans) {
      if (best && (bound < best.ts || (bound === best.ts && last < best.seq))) break;
      const found = within.get(first, last, ts);
      if (found && (!best || found.ts > best.ts || (found.ts === best.ts && found.seq > best.seq)))
        best = found;
    }
    return best;
  }

  /**
   * Every report in [fromAt, toAt] (report time) of the given units (all when null), each unit's
   * oldest first: one pass over the seq ranges of the spans the window touches.
   */
  points(fromAt: number, toAt: number, unitIds: ReadonlySet<string> | null): Map<string, TrackPoint[]> {
    const spans = this.db
      .prepare(
        'SELECT first_seq, last_seq FROM position_spans WHERE max_at >= ? AND min_at <= ? ORDER BY first_seq',
      )
      .raw()
      .all(fromAt, toAt) as [number, number][];
    const wanted = new Set<number>();
    if (unitIds)
      for (const id of unitIds) {
        const key = this.unitKeys.get(id);
        if (key !== undefined) wanted.add(key);
      }
    const byKey = new Map<number, { points: TrackPoint[]; sorted: boolean }>();
    const add = (key: number, point: TrackPoint): void => {
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { points: [], sorted: true }));
      const prev = entry.points[entry.points.length - 1];
      if (prev && prev.ts > point.ts) entry.sorted = false;
      entry.points.push(point);
    };
    // The unit keys are integers this store made, so they can be written into the statement; for
    // most of the units (a seek's trails) filtering the parsed numbers costs less than the IN.
    const inSql = unitIds !== null && wanted.size * 4 < this.unitKeys.size;
    const only = inSql ? `AND unit_key IN (${[...wanted].join(',')})` : '';
    const keep = (key: number): boolean => unitIds === null || inSql || wanted.has(key);
    const where = `seq >= ? AND seq <= ? AND flags & ${ORPHAN} = 0 AND ts + at_delta >= ? AND ts + at_delta <= ? ${only}`;
    const rawRows = this.db.prepare(`SELECT 1 FROM positions WHERE ${where} AND flags & ${RAW} != 0 LIMIT 1`);
    // Tens of thousands of rows cost far more to hand to JavaScript one by one than to read: the
    // scaled integers come as one text of numbers instead (exact: integers print exactly), in the
    // order of the scan of the seq range (no ORDER BY: it would sort what is already in order). A
    // row kept as received (RAW) would print rounded, so a range holding one is read row by row.
    const asText = this.db
      .prepare(
        `SELECT group_concat(unit_key || ',' || (ts + at_delta) || ',' || lon || ',' || lat, ',') FROM positions WHERE ${where}`,
      )
      .pluck();
    const rows = this.db
      .prepare(`SELECT unit_key, ts + at_delta, lon, lat, flags FROM positions WHERE ${where} ORDER BY seq`)
      .raw();
    // Adjacent spans are read as one range: for a feed in time order, a window is one query.
    for (let i = 0; i < spans.length;) {
      const lo = spans[i]![0];
      let hi = spans[i]![1];
      let j = i + 1;
      // At most RUN_SPANS spans a statement: bounds the text one read builds (a whole track of many units).
      for (; j < spans.length && j - i < RUN_SPANS; j++) {
        const next = spans[j]!;
        const between = this.db
          .prepare('SELECT 1 FROM position_spans WHERE first_seq > ? AND first_seq < ? LIMIT 1')
          .get(hi, next[0]);
        if (between) break;
        hi = next[1];
      }
      i = j;
      if (unitIds && wanted.size === 0) break;
      const args = [lo, hi, fromAt, toAt];
      if (rawRows.get(...args) === undefined) {
        const text = asText.get(...args) as string | null;
        if (text === null) continue;
        const v = JSON.parse(`[${text}]`) as number[];
        for (let k = 0; k < v.length; k += 4)
          if (keep(v[k]!))
            add(v[k]!, { ts: v[k + 1]!, lon: v[k + 2]! / LONLAT_SCALE, lat: v[k + 3]! / LONLAT_SCALE });
      } else {
        for (const r of rows.all(...args) as [number, number, number, number, number][]) {
          if (!keep(r[0])) continue;
          const raw = (r[4] & RAW) !== 0;
          add(r[0], {
            ts: r[1],
            lon: raw ? r[2] : r[2] / LONLAT_SCALE,
            lat: raw ? r[3] : r[3] / LONLAT_SCALE,
          });
        }
      }
    }
    const out = new Map<string, TrackPoint[]>();
    for (const [key, entry] of byKey) {
      let points = entry.points;
      if (!entry.sorted) {
        // A late report: in time order, ties by seq (rows come in seq order, and the sort is stable).
        points = points
          .map((p, i) => ({ p, i }))
          .sort((a, b) => a.p.ts - b.p.ts || a.i - b.i)
          .map((x) => x.p);
      }
      out.set(this.unitIds[key]!, points);
    }
    return out;
  }

  /**
   * The trails of the given units (all when null) over [fromAt, toAt] (report time), each unit's
   * oldest first, from the trail table: each unit's last report of each minute, and in the minute
   * of `toAt` its last report at or before it, so that a trail ends exactly where the unit is. Every
   * point is a report the full read ({@link points}) gives, exactly.
   */
  trail(fromAt: number, toAt: number, unitIds: ReadonlySet<string> | null): Map<string, TrackPoint[]> {
    // While an older store's table is being built, a window over minutes not built yet is read in
    // full: slower, as before the table, but never a trail the table does not hold yet.
    const pending = this.trailBackfill();
    if (pending && Math.floor(fromAt / TRAIL_BUCKET_MS) <= Math.floor(pending.maxAt / TRAIL_BUCKET_MS))
      return this.points(fromAt, toAt, unitIds);
    const newest = this.db.prepare('SELECT MAX(max_at) FROM position_spans').pluck().get() as number | null;
    const out = new Map<string, TrackPoint[]>();
    if (newest === null) return out;
    const to = Math.min(toAt, newest);
    if (to < fromAt) return out;
    const lastBucket = Math.floor(to / TRAIL_BUCKET_MS);
    let wanted: Set<number> | null = null;
    if (unitIds) {
      wanted = new Set<number>();
      for (const id of unitIds) {
        const key = this.unitKeys.get(id);
        if (key !== undefined) wanted.add(key);
      }
      if (wanted.size === 0) return out;
    }
    const byKey = new Map<number, TrackPoint[]>();
    const push = (key: number, point: TrackPoint): void => {
      const list = byKey.get(key);
      if (list) list.push(point);
      else byKey.set(key, [point]);
    };
    const rows = this.db
      .prepare('SELECT bucket, points FROM trail_buckets WHERE bucket >= ? AND bucket < ? ORDER BY bucket')
      .raw()
      .all(Math.floor(fromAt / TRAIL_BUCKET_MS), lastBucket) as [number, Buffer][];
    for (const [bucket, blob] of rows)
      forEachTrailPoint(bucket, blob, (key, at, lon, lat, raw) => {
        if (at < fromAt || (wanted !== null && !wanted.has(key))) return;
        push(key, raw ? { ts: at, lon, lat } : { ts: at, lon: lon / LONLAT_SCALE, lat: lat / LONLAT_SCALE });
      });
    // The minute of `to`, so far: each unit's last report at or before it (newest time, then seq),
    // exact as received, one row a unit from each span the stretch touches.
    const tailFrom = Math.max(fromAt, lastBucket * TRAIL_BUCKET_MS);
    const spans = this.db
      .prepare('SELECT first_seq, last_seq FROM position_spans WHERE max_at >= ? AND min_at <= ?')
      .raw()
      .all(tailFrom, to) as [number, number][];
    // Each unit's newest (time, then seq) in SQLite: a max of both in one integer (the seq's offset
    // in the span in the low 20 bits) where the span's seqs allow, else a window function.
    const tailRows = (newest: string, tail: string): string =>
      `SELECT unit_key AS k, ts + at_delta AS at, seq, flags & ${RAW} AS raw,
         CASE WHEN flags & ${RAW} THEN printf('%!.17g', lon) ELSE lon END AS x,
         CASE WHEN flags & ${RAW} THEN printf('%!.17g', lat) ELSE lat END AS y, ${newest}
       FROM positions WHERE seq >= ? AND seq <= ? AND flags & ${ORPHAN} = 0
         AND ts + at_delta >= ? AND ts + at_delta <= ? ${tail}`;
    const concat = "group_concat(k || ',' || at || ',' || x || ',' || y || ',' || seq || ',' || raw, ',')";
    const lastByMax = this.db
      .prepare(
        `SELECT ${concat} FROM (${tailRows('MAX((ts + at_delta) * 1048576 + seq - CAST(? AS INTEGER))', 'GROUP BY unit_key')})`,
      )
      .pluck();
    const lastByRank = this.db
      .prepare(
        `SELECT ${concat} FROM (${tailRows('row_number() OVER (PARTITION BY unit_key ORDER BY ts + at_delta DESC, seq DESC) AS n', '')}) WHERE n = 1`,
      )
      .pluck();
    const tail = new Map<number, { at: number; seq: number; point: TrackPoint }>();
    for (const [first, last] of spans) {
      const text = (
        last - first < 2 ** 20
          ? lastByMax.get(first, first, last, tailFrom, to)
          : lastByRank.get(first, last, tailFrom, to)
      ) as string | null;
      if (text === null) continue;
      const v = JSON.parse(`[${text}]`) as number[];
      for (let i = 0; i < v.length; i += 6) {
        const key = v[i]!;
        const at = v[i + 1]!;
        const seq = v[i + 4]!;
        if (wanted !== null && !wanted.has(key)) continue;
        const held = tail.get(key);
        if (held && (held.at > at || (held.at === at && held.seq > seq))) continue;
        const scale = v[i + 5] ? 1 : LONLAT_SCALE;
        tail.set(key, { at, seq, point: { ts: at, lon: v[i + 2]! / scale, lat: v[i + 3]! / scale } });
      }
    }
    for (const [key, { point }] of tail) push(key, point);
    for (const [key, list] of byKey) out.set(this.unitIds[key]!, list);
    return out;
  }

  /**
   * Every report that is some unit's position with a report time in [fromAt, toAt], with its seq,
   * each unit's in time order, ties by seq (the order the unit activity ledger took them in): for
   * a short stretch (a period's partial buckets), read row by row over the spans it touches.
   */
  reportsBetween(
    fromAt: number,
    toAt: number,
  ): Map<string, { seq: number; at: number; lon: number; lat: number }[]> {
    const spans = this.db
      .prepare(
        'SELECT first_seq, last_seq FROM position_spans WHERE max_at >= ? AND min_at <= ? ORDER BY first_seq',
      )
      .raw()
      .all(fromAt, toAt) as [number, number][];
    const rows = this.db
      .prepare<[number, number, number, number]>(
        `SELECT seq, unit_key, ts + at_delta, lon, lat, flags FROM positions
         WHERE seq >= ? AND seq <= ? AND flags & ${ORPHAN} = 0 AND ts + at_delta >= ? AND ts + at_delta <= ?
         ORDER BY seq`,
      )
      .raw();
    const out = new Map<string, { seq: number; at: number; lon: number; lat: number }[]>();
    for (const [first, last] of spans)
      for (const [seq, key, at, lon, lat, flags] of rows.all(first, last, fromAt, toAt) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ][]) {
        const raw = (flags & RAW) !== 0;
        const unitId = this.unitIds[key]!;
        const list = out.get(unitId) ?? [];
        if (list.length === 0) out.set(unitId, list);
        list.push({ seq, at, lon: raw ? lon : lon / LONLAT_SCALE, lat: raw ? lat : lat / LONLAT_SCALE });
      }
    // Rows come in seq order; a late report moves back to its time (the sort is stable).
    for (const list of out.values()) list.sort((a, b) => a.at - b.at);
    return out;
  }

  /**
   * Every report that is some unit's position, in seq order, in pages (for a pass over the whole
   * operation); `pause` is awaited between pages, so the live feed goes on being stored.
   */
  async forEachPage(
    pageSize: number,
    visit: (rows: { unitId: string; at: number; lon: number; lat: number }[]) => void,
    pause: () => Promise<void>,
  ): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = this.stmt.page.raw().all(after, Number.MAX_SAFE_INTEGER, pageSize) as Row[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![0];
      visit(
        rows
          .filter((r) => (r[9] & ORPHAN) === 0)
          .map((r) => {
            const raw = (r[9] & RAW) !== 0;
            return {
              unitId: this.unitIds[r[1]]!,
              at: r[2] + r[3],
              lon: raw ? r[4] : r[4] / LONLAT_SCALE,
              lat: raw ? r[5] : r[5] / LONLAT_SCALE,
            };
          }),
      );
      if (rows.length < pageSize) return;
      await pause();
    }
  }
}
