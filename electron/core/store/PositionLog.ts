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

  constructor(private readonly db: TimedDatabase) {
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
      this.stmt.insert.run(
        seq,
        this.unitKey(p.unitId),
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
