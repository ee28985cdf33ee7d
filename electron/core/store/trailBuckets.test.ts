import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../../shared/state';
import { SCHEMA_VERSION } from './migrations';
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
  it('is built when a store written by schema 6 is opened, equal to one kept at ingest', () => {
    const events = operation(17);
    const path = join(dir, 'old.sqlite');
    const { store: writer } = SqliteStore.open(path);
    commitAll(writer, events);
    writer.close();
    asSchema6(path);
    const { store } = SqliteStore.open(path);
    try {
      for (const [from, to] of windows())
        expect(store.reader.trailsBetween(from, to, UNITS)).toEqual(expectedTrails(events, from, to));
    } finally {
      store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
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
