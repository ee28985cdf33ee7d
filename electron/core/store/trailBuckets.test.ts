import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../../shared/state';
import { Core } from '../Core';
import { SCHEMA_VERSION } from './migrations';
import { decodeTrailBucket, PositionLog, type PositionEvent } from './PositionLog';
import { TimedDatabase } from './TimedDatabase';
import { ARCHIVE_FORMAT, SqliteStore, type StoredEvent } from './SqliteStore';

const T0 = Date.UTC(2026, 9, 5, 6);
/** A seek's trails keep a point a minute. */
const MINUTE = 60_000;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-trails-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function ev(seq: number, ts: number, type: string, payload: Record<string, unknown>): StoredEvent {
  return { seq, id: `OP-T.${seq}`, ts, type, payload, known: true };
}

const upsert = (seq: number, ts: number, unitId: string): StoredEvent =>
  ev(seq, ts, 'unit.upserted', {
    unitId,
    callsign: unitId,
    agency: 'border_police',
    organisation: 'Border Police Administration of Serbia',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
  });

const report = (seq: number, ts: number, unitId: string, at: number, lon: number, lat: number): StoredEvent =>
  ev(seq, ts, 'unit.position', { unitId, lon, lat, heading: 90, speed: 10, accuracy: 5, at });

/**
 * Two hours of 12 units reporting every few seconds, with what the trail table must place right:
 * late reports (older than the unit's newest, some by over a minute), reports at full double
 * precision (kept as received), two reports of a unit at the same time, and reports about units
 * not held (in the log, on no trail).
 */
function operation(seed = 11): StoredEvent[] {
  const random = rng(seed);
  const events: StoredEvent[] = [];
  let seq = 0;
  let ts = T0;
  events.push(report(++seq, ts, 'U0', ts, 19.5, 44.5)); // before U0 exists
  for (let i = 0; i < 12; i++) events.push(upsert(++seq, ts, `U${i}`));
  while (ts < T0 + 2 * 3_600_000) {
    ts += Math.floor(random() * 900);
    const unitId = random() < 0.01 ? 'NEVER' : `U${Math.floor(random() * 12)}`;
    const r = random();
    const at =
      r < 0.04 ? ts - Math.floor(random() * 120_000) : r < 0.06 ? ts - Math.floor(random() * 5000) : ts;
    const exact = random() < 0.85;
    const lon = exact ? Math.round((19 + random()) * 1e6) / 1e6 : 19 + random();
    const lat = exact ? Math.round((44 + random()) * 1e6) / 1e6 : 44 + random();
    events.push(report(++seq, ts, unitId, at, lon, lat));
    if (random() < 0.01) events.push(report(++seq, ts, unitId, at, lon + 0.001, lat)); // same time again
  }
  return events;
}

function commitAll(store: SqliteStore, events: readonly StoredEvent[], random = rng(3)): OperationState {
  let state = getEmptyState();
  store.liveLog.setOperation('OP-T');
  for (let i = 0; i < events.length;) {
    const batch = events.slice(i, i + 1 + Math.floor(random() * 200));
    i += batch.length;
    const next = applyEvents(state, batch.filter((e) => e.known) as unknown as FeedEvent[]);
    store.liveLog.commitBatch({ events: batch, previous: state, next, receivedAt: T0 });
    state = next;
  }
  return state;
}

type Point = { ts: number; lon: number; lat: number };

/** Every report of a held unit in [from, to], each unit's in time order, ties by seq (the full read). */
function fullTrails(
  events: readonly StoredEvent[],
  from: number,
  to: number,
): Record<string, (Point & { seq: number })[]> {
  const held = new Set<string>();
  const out: Record<string, (Point & { seq: number })[]> = {};
  for (const e of events) {
    const p = e.payload as { unitId: string; at: number; lon: number; lat: number };
    if (e.type === 'unit.upserted') held.add(p.unitId);
    if (e.type !== 'unit.position' || !held.has(p.unitId)) continue;
    if (p.at >= from && p.at <= to)
      (out[p.unitId] ??= []).push({ ts: p.at, lon: p.lon, lat: p.lat, seq: e.seq });
  }
  for (const points of Object.values(out)) points.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  return out;
}

/**
 * The trails a seek shows, by their definition: of the full read, each unit's last report of each
 * minute (in the minute of the window's end, the last so far: where the unit is).
 */
function expectedTrails(events: readonly StoredEvent[], from: number, to: number): Record<string, Point[]> {
  let newest = -Infinity;
  for (const e of events)
    if (e.type === 'unit.position') newest = Math.max(newest, (e.payload as { at: number }).at);
  const end = Math.min(to, newest);
  const out: Record<string, Point[]> = {};
  for (const [id, points] of Object.entries(fullTrails(events, from, end))) {
    const kept: Point[] = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const next = points[i + 1];
      if (next && Math.floor(next.ts / MINUTE) === Math.floor(p.ts / MINUTE)) continue;
      kept.push({ ts: p.ts, lon: p.lon, lat: p.lat });
    }
    out[id] = kept;
  }
  return out;
}

/** The full read as trails give it (no seqs). */
function stripSeq(trails: Record<string, (Point & { seq: number })[]>): Record<string, Point[]> {
  return Object.fromEntries(
    Object.entries(trails).map(([id, ps]) => [id, ps.map(({ ts, lon, lat }) => ({ ts, lon, lat }))]),
  );
}

/** The trail table of a store's file, each minute's points decoded. */
function bucketsOf(path: string): [number, [number, unknown][]][] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db.prepare('SELECT bucket, points FROM trail_buckets ORDER BY bucket').raw().all() as [number, Buffer][]
    ).map(([bucket, blob]) => [bucket, [...decodeTrailBucket(bucket, blob)]]);
  } finally {
    db.close();
  }
}

const UNITS = Array.from({ length: 12 }, (_, i) => `U${i}`);

/** Seek windows: 15 and 30 minutes at random moments, one past the end, one from before the start. */
function windows(): [number, number][] {
  const random = rng(99);
  const out: [number, number][] = [];
  for (let i = 0; i < 25; i++) {
    const at = Math.floor(T0 + random() * 2.2 * 3_600_000);
    out.push([at - (i % 2 ? 900_000 : 1_800_000), at]);
  }
  out.push([T0 - 600_000, T0 + 600_000], [T0 + 3_600_000, Number.MAX_SAFE_INTEGER]);
  return out;
}

/** Takes the store back to schema 6: the same tables without the trail table. */
function asSchema6(path: string, archive = false): void {
  const db = new Database(path);
  db.exec('DROP TABLE trail_buckets');
  if (archive) db.prepare("UPDATE meta SET value = ? WHERE key = 'archive_format'").run(ARCHIVE_FORMAT);
  db.pragma('user_version = 6');
  db.pragma('journal_mode = DELETE');
  db.close();
}

describe('the trails of a seek', () => {
  it("are each unit's last report of each minute, ending where the unit is at the seek time", () => {
    const events = operation();
    const { store } = SqliteStore.open(join(dir, 'live.sqlite'));
    try {
      commitAll(store, events);
      for (const [from, to] of windows()) {
        const trails = store.reader.trailsBetween(from, to, UNITS);
        expect(trails).toEqual(expectedTrails(events, from, to));
        // Every point is a report the full read (exports, GPX) gives, and the last is the same.
        const full = Object.fromEntries(store.reader.tracks(UNITS, from, to));
        for (const [id, points] of Object.entries(trails)) {
          for (const p of points) expect(full[id]).toContainEqual(p);
          expect(points.at(-1)).toEqual(full[id]!.at(-1));
        }
      }
      // A short window (a step of playback) still gives every report.
      const [from, to] = [T0 + 1_000_000, T0 + 1_060_000];
      const full = fullTrails(events, from, to);
      expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(
        Object.fromEntries(
          Object.entries(full).map(([id, ps]) => [id, ps.map(({ ts, lon, lat }) => ({ ts, lon, lat }))]),
        ),
      );
    } finally {
      store.close();
    }
  });

  it('put a late report in the minute of its time, behind a newer one of that minute', () => {
    const { store } = SqliteStore.open(join(dir, 'late.sqlite'));
    try {
      const t = T0 + 10 * MINUTE;
      const events = [
        upsert(1, t, 'U1'),
        report(2, t + 10_000, 'U1', t + 10_000, 19.1, 44.1),
        report(3, t + 70_000, 'U1', t + 70_000, 19.2, 44.2),
        report(4, t + 130_000, 'U1', t + 130_000, 19.3, 44.3),
        // Late: in the first minute, after the one held there.
        report(5, t + 131_000, 'U1', t + 50_000, 19.15, 44.15),
        // Late: in the first minute, before the one now held there (not the minute's last).
        report(6, t + 132_000, 'U1', t + 20_000, 19.12, 44.12),
        report(7, t + 190_000, 'U1', t + 190_000, 19.4, 44.4),
      ];
      let state = getEmptyState();
      for (const e of events) {
        const next = applyEvents(state, [e] as unknown as FeedEvent[]);
        store.liveLog.commitBatch({ events: [e], previous: state, next, receivedAt: T0 });
        state = next;
      }
      expect(store.reader.trailsBetween(t - 10 * MINUTE, t + 200_000, ['U1'])['U1']).toEqual([
        { ts: t + 50_000, lon: 19.15, lat: 44.15 },
        { ts: t + 70_000, lon: 19.2, lat: 44.2 },
        { ts: t + 130_000, lon: 19.3, lat: 44.3 },
        { ts: t + 190_000, lon: 19.4, lat: 44.4 },
      ]);
      // At a moment inside the third minute, its reports so far: the trail ends at the one before it.
      expect(store.reader.trailsBetween(t - MINUTE, t + 185_000, ['U1'])['U1']!.at(-1)).toEqual({
        ts: t + 130_000,
        lon: 19.3,
        lat: 44.3,
      });
    } finally {
      store.close();
    }
  });

  it('leave out what a snapshot behind the newest report dropped', () => {
    const events = operation(5);
    const { store } = SqliteStore.open(join(dir, 'snap.sqlite'));
    try {
      commitAll(store, events);
      const cut = events[Math.floor(events.length / 2)]!;
      const kept = events.filter((e) => e.seq <= cut.seq);
      const state = applyEvents(getEmptyState(), kept.filter((e) => e.known) as unknown as FeedEvent[]);
      store.liveLog.commitSnapshot({ operationId: 'OP-T', seq: cut.seq, ts: cut.ts, state, receivedAt: T0 });
      for (const [from, to] of windows())
        expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(expectedTrails(kept, from, to));
    } finally {
      store.close();
    }
  });
});

describe('the trail table of an older store', () => {
  it('is left empty and marked at the open of a store written by schema 6: no report is read', () => {
    const events = operation(17);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    const { store } = SqliteStore.open(path);
    try {
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT COUNT(*) FROM trail_buckets').pluck().get()).toBe(0);
      db.close();
      // Everything stored is still to be built: the mark stands at the newest seq.
      expect(store.trailBackfillPending()).toMatchObject({ below: events.at(-1)!.seq, bottom: 1 });
      // Meanwhile a seek's trails are the full read, exactly.
      for (const [from, to] of windows())
        expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(stripSeq(fullTrails(events, from, to)));
    } finally {
      store.close();
    }
  });

  it('is built in the background, exact at every step, with live reports landing in place', async () => {
    const events = operation(17);
    const ingest = join(dir, 'ingest.sqlite');
    const { store: kept } = SqliteStore.open(ingest);
    const state = commitAll(kept, events);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    const { store } = SqliteStore.open(path);
    // Reports the feed brings while the table is built: a late one in an old minute, one at the
    // very time of a stored report of the same unit (the later seq wins), and a current one.
    const old = events.find(
      (e) => e.seq > 4000 && e.type === 'unit.position' && (e.payload as { unitId: string }).unitId === 'U3',
    )!;
    const oldAt = (old.payload as { at: number }).at;
    const endTs = events.at(-1)!.ts;
    const seq = events.at(-1)!.seq;
    const live = [
      report(seq + 1, endTs + 1000, 'U3', oldAt, 19.777, 44.777),
      report(seq + 2, endTs + 1000, 'U5', oldAt - 30_000, 19.555, 44.555),
      report(seq + 3, endTs + 2000, 'U7', endTs + 2000, 19.333, 44.333),
    ];
    let checkedPending = 0;
    let checkedBuilt = 0;
    let liveState = state;
    try {
      const seen: number[] = [];
      const result = await store.buildTrailsInBackground({
        pageSeqs: 2000,
        onProgress: (percent) => {
          seen.push(percent);
          const mark = store.trailBackfillPending();
          if (!mark) return;
          const sofar = percent >= 40 ? [...events, ...live] : events;
          if (percent >= 40 && liveState === state) {
            const next = applyEvents(liveState, live as unknown as FeedEvent[]);
            store.liveLog.commitBatch({ events: live, previous: liveState, next, receivedAt: T0 });
            liveState = next;
          }
          // Every window is exact: from the table where its minutes are built, else the full read.
          for (const [from, to] of windows()) {
            const trails = store.reader.trailsBetween(from, to, UNITS);
            if (Math.floor(from / MINUTE) > Math.floor(mark.maxAt / MINUTE)) {
              expect(trails).toEqual(expectedTrails(sofar, from, to));
              checkedBuilt++;
            } else {
              expect(trails).toEqual(stripSeq(fullTrails(sofar, from, to)));
              checkedPending++;
            }
          }
        },
      });
      expect(result).toMatchObject({ complete: true });
      expect(seen.at(-1)).toBe(100);
      expect(seen.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(3);
      expect(checkedBuilt).toBeGreaterThan(0);
      expect(checkedPending).toBeGreaterThan(0);
      expect(store.trailBackfillPending()).toBeNull();
      const all = [...events, ...live];
      for (const [from, to] of windows())
        expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(expectedTrails(all, from, to));
      // The table is the one kept at ingest of the same reports.
      kept.liveLog.commitBatch({ events: live, previous: state, next: liveState, receivedAt: T0 });
      expect(bucketsOf(path)).toEqual(bucketsOf(ingest));
    } finally {
      store.close();
      kept.close();
    }
  });

  it('goes on after a crash mid-way from where its last step left it, and ends the same', async () => {
    const events = operation(29);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'trailBackfillFixtures.ts'), path, '40'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let reached = -1;
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`the child ended (${code}) before it was held`)));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          const [word, value] = line.split(' ');
          if (word === 'PROGRESS') reached = Number(value);
          if (word === 'HELD') resolve();
        }
      });
    });
    child.kill('SIGKILL');
    await exited;
    expect(reached).toBeGreaterThanOrEqual(40);
    const { store } = SqliteStore.open(path);
    try {
      const mark = store.trailBackfillPending()!;
      expect(mark.below).toBeLessThan(mark.top);
      expect(mark.below).toBeGreaterThan(mark.bottom);
      for (const [from, to] of windows()) {
        const trails = store.reader.trailsBetween(from, to, UNITS);
        expect(trails).toEqual(
          Math.floor(from / MINUTE) > Math.floor(mark.maxAt / MINUTE)
            ? expectedTrails(events, from, to)
            : stripSeq(fullTrails(events, from, to)),
        );
      }
      const result = await store.buildTrailsInBackground();
      expect(result.complete).toBe(true);
      for (const [from, to] of windows())
        expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(expectedTrails(events, from, to));
    } finally {
      store.close();
    }
    const { store: ingest } = SqliteStore.open(join(dir, 'ingest.sqlite'));
    commitAll(ingest, events);
    ingest.close();
    expect(bucketsOf(path)).toEqual(bucketsOf(join(dir, 'ingest.sqlite')));
  });

  it('reads a step again when the feed wrote one of its minutes after the worker read it', () => {
    const events = operation(37);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    SqliteStore.open(path).store.close();
    const db = new Database(path);
    const worker = new Database(path, { readonly: true });
    try {
      const positions = new PositionLog(new TimedDatabase(db));
      const reader = new PositionLog(new TimedDatabase(worker));
      const step = reader.trailBackfillStep(2000)!;
      // A late report of the feed into the oldest minute the step merges into, after it was read.
      const minute = Math.min(...step.buckets.map((b) => b.bucket));
      const seq = events.at(-1)!.seq + 1;
      const at = minute * MINUTE + 59_999;
      const late = report(seq, events.at(-1)!.ts, 'U2', at, 19.4242, 44.4242);
      positions.append([{ event: late as unknown as PositionEvent, orphan: false }]);
      expect(positions.applyTrailBackfill(step)).toBe(false);
      for (let next = reader.trailBackfillStep(2000); next; next = reader.trailBackfillStep(2000))
        expect(positions.applyTrailBackfill(next)).toBe(true);
      expect(positions.trailBackfill()).toBeNull();
      const all = [...events, late];
      for (const [from, to] of [...windows(), [at - 900_000, at + 1] as [number, number]])
        expect(Object.fromEntries(positions.trail(from, to, new Set(UNITS)))).toEqual(
          expectedTrails(all, from, to),
        );
    } finally {
      worker.close();
      db.close();
    }
  });

  it('is built by the core after its open, the status saying how far and the log the same', async () => {
    const events = operation(31);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    const lines: string[] = [];
    const core = Core.open({ storePath: path, operator: 'test', log: (line) => lines.push(line) });
    try {
      expect(core.status.storeNotice).toMatchObject({ code: 'store.indexing', params: { percent: 0 } });
      const notices: (string | null)[] = [];
      await new Promise<void>((resolve) => {
        core.onStatus((status) => {
          notices.push(status.storeNotice?.code ?? null);
          if (status.storeNotice === null) resolve();
        });
      });
      expect(notices.at(-1)).toBeNull();
      expect(core.replaySource().trailsBetween(T0, T0 + 3_600_000, UNITS)).toEqual(
        expectedTrails(events, T0, T0 + 3_600_000),
      );
    } finally {
      core.close();
    }
    expect(lines.some((l) => /building the trail index/.test(l))).toBe(true);
    expect(lines.some((l) => /trail index built in/.test(l))).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM meta WHERE key = 'trail_backfill'").pluck().get()).toBe(0);
    db.close();
  });

  it('travels in an archive, and an archive of schema 6 is read with it rebuilt', async () => {
    const events = operation(23);
    const { store } = SqliteStore.open(join(dir, 'live.sqlite'));
    const archive = join(dir, 'op.watchfloor');
    const oldArchive = join(dir, 'old.watchfloor');
    try {
      commitAll(store, events);
      const info = { exportedAt: T0, exportedBy: 'test', appVersion: 'test' };
      await store.reader.exportArchive(archive, info);
      await store.reader.exportArchive(oldArchive, info);
    } finally {
      store.close();
    }
    const carried = new Database(archive, { readonly: true });
    expect(carried.prepare('SELECT COUNT(*) FROM trail_buckets').pluck().get()).toBeGreaterThan(100);
    carried.close();
    asSchema6(oldArchive, true);
    for (const file of [archive, oldArchive]) {
      const opened = SqliteStore.openArchive(file);
      try {
        for (const [from, to] of windows())
          expect(opened.reader.trailsBetween(from, to, UNITS)).toEqual(expectedTrails(events, from, to));
      } finally {
        opened.close();
      }
    }
  });
});
