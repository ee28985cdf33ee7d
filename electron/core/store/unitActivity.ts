import type { TimedDatabase } from './TimedDatabase';
import { PositionLog } from './PositionLog';

/**
 * Each unit's movement kept at ingest, so that the after-action report reads a few rows per unit
 * and hour instead of every position of the operation (75 s on 72 hours before). The figures are
 * the ones the full scan of the positions table gives ({@link scanUnitDistances}): reports in the
 * order they were stored, a report older than the unit's newest one skipped, distance between
 * consecutive reports. A row holds what one unit did within one time bucket; the segment from one
 * bucket's last report to the next bucket's first is added when the buckets are read, so a period
 * can start or end at any bucket. The parts of a period that cover a bucket only partly are read
 * from the positions table (a few minutes of reports, not the operation).
 */

/** Bucket length: small enough that a period's partial ends are a short read, large enough that a month is few rows. */
export const ACTIVITY_BUCKET_MS = 30 * 60_000;

/** The meta key saying whether the table covers every stored position (`complete`) or not (`stale`). */
export const ACTIVITY_STATE_KEY = 'unit_activity';

/** Reports and distance of one unit over a stretch of time, with its first and last report. */
interface Part {
  reports: number;
  distanceM: number;
  firstTs: number;
  firstLon: number;
  firstLat: number;
  lastTs: number;
  lastLon: number;
  lastLat: number;
}

interface BucketRow extends Part {
  unitId: string;
  bucket: number;
}

/** Per unit: reports and metres in a period. */
export type UnitDistances = Map<string, { reports: number; distanceM: number }>;

/** Great-circle distance in metres (mean Earth radius): fine for the distance a unit covers between reports. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Keeps the unit_activity table up to date as positions are committed. {@link record} is called for
 * each position stored and {@link flush} once at the end of the same transaction; the newest row of
 * each unit is kept in memory, so a batch costs one write per unit it moved.
 */
export class UnitActivityLedger {
  /** The newest bucket row of each unit seen (null: the unit has none yet). */
  private readonly newest = new Map<string, BucketRow | null>();
  private readonly dirty = new Set<BucketRow>();
  private readonly stmt;

  constructor(private readonly db: TimedDatabase) {
    this.stmt = {
      newest: db.prepare<[string], Omit<BucketRow, 'unitId'>>(
        `SELECT bucket, reports, distance_m AS distanceM, first_ts AS firstTs, first_lon AS firstLon,
                first_lat AS firstLat, last_ts AS lastTs, last_lon AS lastLon, last_lat AS lastLat
         FROM unit_activity WHERE unit_id = ? ORDER BY bucket DESC LIMIT 1`,
      ),
      upsert: db.prepare<[string, number, number, number, number, number, number, number, number, number]>(
        `INSERT INTO unit_activity
           (unit_id, bucket, reports, distance_m, first_ts, first_lon, first_lat, last_ts, last_lon, last_lat)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit_id, bucket) DO UPDATE SET reports = excluded.reports,
           distance_m = excluded.distance_m, last_ts = excluded.last_ts, last_lon = excluded.last_lon,
           last_lat = excluded.last_lat`,
      ),
      late: db.prepare<[string, number, number, number]>(
        'INSERT INTO unit_activity_late (unit_id, seq, ts, after_ts) VALUES (?, ?, ?, ?)',
      ),
      setState: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  /** One stored position report. */
  record(unitId: string, ts: number, lon: number, lat: number, seq: number): void {
    let row = this.newest.get(unitId);
    if (row === undefined) {
      const stored = this.stmt.newest.get(unitId);
      row = stored ? { unitId, ...stored } : null;
      this.newest.set(unitId, row);
    }
    if (row && ts < row.lastTs) {
      // Skipped by every period that also holds the newer report; remembered so that a period
      // ending between the two (where the full scan would count this one) is read from positions.
      this.stmt.late.run(unitId, seq, ts, row.lastTs);
      return;
    }
    const bucket = Math.floor(ts / ACTIVITY_BUCKET_MS);
    if (!row || bucket !== row.bucket) {
      row = {
        unitId,
        bucket,
        reports: 1,
        distanceM: 0,
        firstTs: ts,
        firstLon: lon,
        firstLat: lat,
        lastTs: ts,
        lastLon: lon,
        lastLat: lat,
      };
      this.newest.set(unitId, row);
    } else {
      row.distanceM += haversineM(row.lastLon, row.lastLat, lon, lat);
      row.reports++;
      row.lastTs = ts;
      row.lastLon = lon;
      row.lastLat = lat;
    }
    this.dirty.add(row);
  }

  /** Writes the rows the batch changed; inside the batch's transaction. */
  flush(): void {
    for (const r of this.dirty)
      this.stmt.upsert.run(
        r.unitId,
        r.bucket,
        r.reports,
        r.distanceM,
        r.firstTs,
        r.firstLon,
        r.firstLat,
        r.lastTs,
        r.lastLon,
        r.lastLat,
      );
    this.dirty.clear();
  }

  /** Drops what memory holds (a rolled-back transaction): the next report reads the table again. */
  forget(): void {
    this.newest.clear();
    this.dirty.clear();
  }

  /**
   * The positions table no longer matches what was recorded (a snapshot replaced part of the log):
   * the table is emptied and marked stale, and reports read the positions until it is rebuilt.
   */
  invalidate(): void {
    this.forget();
    this.db.prepare('DELETE FROM unit_activity').run();
    this.db.prepare('DELETE FROM unit_activity_late').run();
    this.stmt.setState.run(ACTIVITY_STATE_KEY, 'stale');
  }
}

/**
 * Distance and number of reports per unit in [fromTs, toTs] from every position report, in the
 * order they were stored (seq order): the reference the aggregates must agree with, and the answer
 * for a store whose aggregates are stale or missing (one written by an older build). A report
 * older than the unit's previous one in the period is skipped, as the reducer skips it.
 */
export async function scanUnitDistances(
  positions: PositionLog,
  fromTs: number,
  toTs: number,
  pause: () => Promise<void> = async () => {},
  pageSize = 100_000,
): Promise<UnitDistances> {
  const out = new Map<string, { reports: number; distanceM: number; lon: number; lat: number; ts: number }>();
  await positions.forEachPage(
    pageSize,
    (rows) => {
      for (const { unitId, at: ts, lon, lat } of rows) {
        if (ts < fromTs || ts > toTs) continue;
        const last = out.get(unitId);
        if (!last) {
          out.set(unitId, { reports: 1, distanceM: 0, lon, lat, ts });
          continue;
        }
        if (ts < last.ts) continue;
        last.distanceM += haversineM(last.lon, last.lat, lon, lat);
        last.reports++;
        last.lon = lon;
        last.lat = lat;
        last.ts = ts;
      }
    },
    pause,
  );
  return new Map([...out].map(([id, v]) => [id, { reports: v.reports, distanceM: v.distanceM }]));
}

/**
 * Distance and number of reports per unit in [fromTs, toTs] from the aggregates: the whole buckets
 * inside the period from unit_activity, its partial ends from the positions table. Null when the
 * aggregates cannot give the full scan's figures: the table is missing (an archive of an older
 * build) or stale, or a late report lies in the period whose newer report lies after it (the full
 * scan, which sees only the period, counts that one). `positions` reads the partial ends (made
 * from `db` when not given).
 */
export function aggregateUnitDistances(
  db: TimedDatabase,
  fromTs: number,
  toTs: number,
  positions?: PositionLog,
): UnitDistances | null {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'unit_activity'")
    .get();
  if (!hasTable) return null;
  const state = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(ACTIVITY_STATE_KEY);
  if (state !== 'complete') return null;
  if (!(toTs >= fromTs)) return new Map();
  const cut = db
    .prepare('SELECT 1 FROM unit_activity_late WHERE ts >= ? AND ts <= ? AND after_ts > ? LIMIT 1')
    .get(fromTs, toTs, toTs);
  if (cut) return null;

  // Buckets wholly inside [fromTs, toTs]: bucket k covers [k*B, (k+1)*B - 1].
  const firstWhole = Math.ceil(fromTs / ACTIVITY_BUCKET_MS);
  const endWhole = Math.floor((toTs + 1) / ACTIVITY_BUCKET_MS);
  const late = lateSeqs(db, fromTs, toTs);
  const log = positions ?? new PositionLog(db);
  const parts = new Map<string, Part[]>();
  const add = (unitId: string, part: Part): void => {
    const list = parts.get(unitId);
    if (list) list.push(part);
    else parts.set(unitId, [part]);
  };
  const units = db.prepare('SELECT DISTINCT unit_id FROM unit_activity').pluck().all() as string[];
  if (firstWhole >= endWhole) {
    for (const [unitId, part] of scanParts(log, units, late, fromTs, toTs)) add(unitId, part);
  } else {
    for (const [unitId, part] of scanParts(log, units, late, fromTs, firstWhole * ACTIVITY_BUCKET_MS - 1))
      add(unitId, part);
    const rows = db
      .prepare<[number, number], BucketRow>(
        `SELECT unit_id AS unitId, bucket, reports, distance_m AS distanceM, first_ts AS firstTs,
                first_lon AS firstLon, first_lat AS firstLat, last_ts AS lastTs, last_lon AS lastLon,
                last_lat AS lastLat
         FROM unit_activity WHERE bucket >= ? AND bucket < ? ORDER BY unit_id, bucket`,
      )
      .all(firstWhole, endWhole);
    for (const row of rows) add(row.unitId, row);
    for (const [unitId, part] of scanParts(log, units, late, endWhole * ACTIVITY_BUCKET_MS, toTs))
      add(unitId, part);
  }
  const out: UnitDistances = new Map();
  for (const [unitId, list] of parts) {
    let reports = 0;
    let distanceM = 0;
    let previous: Part | null = null;
    for (const part of list) {
      reports += part.reports;
      if (previous) distanceM += haversineM(previous.lastLon, previous.lastLat, part.firstLon, part.firstLat);
      distanceM += part.distanceM;
      previous = part;
    }
    out.set(unitId, { reports, distanceM });
  }
  return out;
}

/** The late reports with a time in [fromTs, toTs], by unit: skipped when the partial ends are read. */
function lateSeqs(db: TimedDatabase, fromTs: number, toTs: number): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const rows = db
    .prepare<[number, number], { unitId: string; seq: number }>(
      'SELECT unit_id AS unitId, seq FROM unit_activity_late WHERE ts >= ? AND ts <= ?',
    )
    .all(fromTs, toTs);
  for (const { unitId, seq } of rows) {
    const set = out.get(unitId) ?? new Set<number>();
    set.add(seq);
    out.set(unitId, set);
  }
  return out;
}

/**
 * Each unit's reports in [fromTs, toTs] read from the position log, less the late ones: the
 * remaining reports are in time order, ties in the order stored, as the ledger took them.
 */
function scanParts(
  positions: PositionLog,
  units: readonly string[],
  late: Map<string, Set<number>>,
  fromTs: number,
  toTs: number,
): [string, Part][] {
  if (toTs < fromTs) return [];
  const reports = positions.reportsBetween(fromTs, toTs);
  const out: [string, Part][] = [];
  for (const unitId of units) {
    const skip = late.get(unitId);
    let part: Part | null = null;
    for (const { seq, at: ts, lon, lat } of reports.get(unitId) ?? []) {
      if (skip?.has(seq)) continue;
      if (!part) {
        part = {
          reports: 1,
          distanceM: 0,
          firstTs: ts,
          firstLon: lon,
          firstLat: lat,
          lastTs: ts,
          lastLon: lon,
          lastLat: lat,
        };
        continue;
      }
      part.distanceM += haversineM(part.lastLon, part.lastLat, lon, lat);
      part.reports++;
      part.lastTs = ts;
      part.lastLon = lon;
      part.lastLat = lat;
    }
    if (part) out.push([unitId, part]);
  }
  return out;
}
