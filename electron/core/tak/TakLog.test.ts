import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TakTrack } from '../../../shared/tak';
import { migrate, MIGRATIONS } from '../store/migrations';
import { SqliteStore } from '../store/SqliteStore';
import { TAK_MAX_LIFE_MS, TakPicture } from './TakLog';

const T = Date.UTC(2026, 9, 5, 8);
const MIN = 60_000;

function track(uid: string, receivedAt: number, lifeMs: number, lon = 19.8): TakTrack {
  return {
    uid,
    type: 'a-f-G-U-C',
    how: 'm-g',
    callsign: uid,
    remarks: '',
    lon,
    lat: 45.2,
    time: receivedAt,
    stale: receivedAt + lifeMs,
    receivedAt,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-taklog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the TAK layer in the store', () => {
  it('migration 6 adds the TAK table to a store of version 5 and keeps what it held', () => {
    const path = join(dir, 'v5.sqlite');
    const db = new Database(path);
    const v6 = MIGRATIONS.findIndex((m) => m.version === 6);
    expect(v6).toBeGreaterThan(0);
    migrate(db, MIGRATIONS.slice(0, v6));
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    db.prepare(
      "INSERT INTO bookmarks (bookmark_id, operation_id, at, label, author, created_at) VALUES ('B1', 'JO', 1, 'kept', 'A', 1)",
    ).run();
    const tables = () =>
      db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
        .pluck()
        .all();
    expect(tables()).not.toContain('tak_tracks');
    expect(migrate(db, MIGRATIONS.slice(0, v6 + 1))).toEqual({ from: 5, to: 6 });
    expect(tables()).toEqual(expect.arrayContaining(['tak_tracks', 'tak_tracks_at']));
    expect(db.prepare('SELECT label FROM bookmarks').pluck().all()).toEqual(['kept']);
    db.close();
  });

  it('replays a TAK track at the moment it was current and not after its stale time', () => {
    const { store } = SqliteStore.open(join(dir, 'store.sqlite'));
    try {
      // Alpha reports at T and T+2 min, each stale 5 minutes after; bravo once, stale after 1 minute.
      store.tak.add(track('alpha', T, 5 * MIN, 19.8), T);
      store.tak.add(track('alpha', T + 2 * MIN, 5 * MIN, 19.9), T + 2 * MIN);
      store.tak.add(track('bravo', T + MIN, MIN), T + MIN);
      expect(store.tak.at(T - 1)).toEqual([]);
      expect(store.tak.at(T).map((t) => [t.uid, t.lon])).toEqual([['alpha', 19.8]]);
      expect(store.tak.at(T + MIN + 30_000).map((t) => [t.uid, t.lon])).toEqual([
        ['alpha', 19.8],
        ['bravo', 19.8],
      ]);
      // Bravo stale at T+2min; alpha moved.
      expect(store.tak.at(T + 2 * MIN).map((t) => [t.uid, t.lon])).toEqual([['alpha', 19.9]]);
      expect(store.tak.at(T + 7 * MIN - 1).map((t) => t.uid)).toEqual(['alpha']);
      expect(store.tak.at(T + 7 * MIN)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('places a track on the operation clock, with its life capped', () => {
    const { store } = SqliteStore.open(join(dir, 'store.sqlite'));
    try {
      // Received by the wall clock at T, when the operation's clock said T - 1 day; stale in a week.
      store.tak.add(track('marker', T, 7 * 24 * 60 * MIN), T - 24 * 60 * MIN);
      expect(store.tak.at(T - 24 * 60 * MIN).map((t) => t.uid)).toEqual(['marker']);
      expect(store.tak.at(T - 24 * 60 * MIN + TAK_MAX_LIFE_MS)).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('the live TAK layer', () => {
  it('keeps the newest event per uid and drops a track at its stale time', () => {
    const picture = new TakPicture();
    expect(picture.upsert(track('alpha', T + MIN, 5 * MIN, 19.9))).toBe(true);
    // An older event arriving late does not move the track back.
    expect(picture.upsert({ ...track('alpha', T, 5 * MIN, 19.1), receivedAt: T + 2 * MIN })).toBe(false);
    picture.upsert(track('bravo', T, MIN));
    expect(picture.current(T + MIN - 1).map((t) => [t.uid, t.lon])).toEqual([
      ['alpha', 19.9],
      ['bravo', 19.8],
    ]);
    expect(picture.current(T + MIN).map((t) => t.uid)).toEqual(['alpha']);
    expect(picture.current(T + 6 * MIN)).toEqual([]);
  });
});
