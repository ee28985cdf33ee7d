import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { ENTITY_COLLECTIONS, getEmptyState, type OperationState, type Unit } from '../../../shared/state';
import type { ExportJob } from '../replay/exportJob';
import { ReplaySession } from '../replay/ReplaySession';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { ReadWorker, workerEntry } from './readWorker';
import { ARCHIVE_FORMAT, SqliteStore, type StoredEvent } from './SqliteStore';

const T0 = Date.UTC(2026, 9, 5, 6);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-layout-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded generator (the same operation on every run). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function ev(seq: number, ts: number, type: string, payload: Record<string, unknown>): StoredEvent {
  return { seq, id: `OP-7.${seq}`, ts, type, payload, known: true };
}

/**
 * An operation with what the layout must carry exactly: reports at 1e-6 degree (the common case)
 * and at full double precision, a report about a unit before it exists and one about a unit that
 * never does, late reports (older than the unit's newest), reports whose time differs from the
 * envelope's, envelope times that repeat, an event of a type from a newer protocol, and an event
 * whose id does not follow the operation's pattern.
 */
function operation(units: number, reports: number, seed = 7): StoredEvent[] {
  const random = rng(seed);
  const events: StoredEvent[] = [];
  let seq = 0;
  let ts = T0;
  events.push(
    ev(++seq, ts, 'operation.started', {
      operationId: 'OP-7',
      name: 'Layout test',
      mode: 'exercise',
      countries: ['BA', 'RS'],
      agencies: ['Border police'],
      plannedStartAt: T0,
      plannedEndAt: T0 + 86_400_000,
      startedAt: T0,
    }),
  );
  const upsert = (i: number): StoredEvent =>
    ev(++seq, ts, 'unit.upserted', {
      unitId: `U${i}`,
      callsign: `RS-BP ${i}`,
      agency: 'border_police',
      organisation: 'Border Police Administration of Serbia',
      country: 'RS',
      kind: 'vehicle',
      status: 'patrolling',
    });
  const report = (unitId: string, at: number, exact: boolean): StoredEvent =>
    ev(++seq, ts, 'unit.position', {
      unitId,
      lon: exact ? Math.round((19 + random()) * 1e6) / 1e6 : 19 + random(),
      lat: exact ? Math.round((44 + random()) * 1e6) / 1e6 : 44 + random(),
      heading: exact ? Math.round(random() * 359) : random() * 360,
      speed: exact ? Math.round(random() * 300) / 10 : random() * 30,
      accuracy: exact ? Math.round(random() * 20) : random() * 20,
      at,
    });
  // A report about U0 before it exists: logged, no position of any unit.
  events.push(report('U0', ts, true));
  for (let i = 0; i < units; i++) events.push(upsert(i));
  for (let n = 0; n < reports; n++) {
    if (random() < 0.7) ts += Math.floor(random() * 1500);
    const r = random();
    if (r < 0.01) events.push(report('NEVER', ts, true));
    else if (r < 0.02)
      events.push(
        ev(++seq, ts, 'unit.status_changed', {
          unitId: `U${Math.floor(random() * units)}`,
          status: random() < 0.5 ? 'responding' : 'patrolling',
          at: ts,
        }),
      );
    else if (r < 0.025) events.push({ ...ev(++seq, ts, 'unit.teleported', { unitId: 'U1' }), known: false });
    else {
      const late = random() < 0.03;
      const at = late ? ts - 60_000 : random() < 0.05 ? ts - Math.floor(random() * 5000) : ts;
      events.push(report(`U${Math.floor(random() * units)}`, at, random() < 0.9));
    }
    if (n === Math.floor(reports / 2)) events[events.length - 1] = { ...events.at(-1)!, id: 'elsewhere-1' };
  }
  return events;
}

function commitAll(store: SqliteStore, events: readonly StoredEvent[], random = rng(3)): OperationState {
  let state = getEmptyState();
  store.liveLog.setOperation('OP-7');
  for (let i = 0; i < events.length;) {
    const batch = events.slice(i, i + 1 + Math.floor(random() * 300));
    i += batch.length;
    const next = applyEvents(state, batch.filter((e) => e.known) as unknown as FeedEvent[]);
    store.liveLog.commitBatch({ events: batch, previous: state, next, receivedAt: T0 });
    state = next;
  }
  return state;
}

/** The picture at `at` by the definition: the fold of the log up to the newest event at or before it. */
function foldAt(events: readonly StoredEvent[], at: number): OperationState {
  let target = 0;
  let targetTs = -Infinity;
  for (const e of events)
    if (e.ts <= at && (e.ts > targetTs || (e.ts === targetTs && e.seq > target))) {
      target = e.seq;
      targetTs = e.ts;
    }
  return prefixStates(events)[target]!;
}

const prefixes = new WeakMap<readonly StoredEvent[], OperationState[]>();
/** The fold after each seq (states share what did not change, so keeping them all is cheap). */
function prefixStates(events: readonly StoredEvent[]): OperationState[] {
  let states = prefixes.get(events);
  if (!states) {
    let state = getEmptyState();
    states = [state];
    for (const e of events) {
      if (e.known) state = applyEvent(state, e as unknown as FeedEvent);
      states[e.seq] = state;
    }
    prefixes.set(events, states);
  }
  return states;
}

/** Every unit's reports in [from, to], oldest first, as the reducer held them (its trail). */
function trailsOf(events: readonly StoredEvent[], from: number, to: number, units: readonly string[]) {
  const held = new Set<string>();
  const out: Record<string, { ts: number; lon: number; lat: number }[]> = {};
  for (const e of events) {
    if (!e.known) continue;
    const p = e.payload as { unitId: string; at: number; lon: number; lat: number };
    if (e.type === 'unit.upserted') held.add(p.unitId);
    if (e.type !== 'unit.position' || !held.has(p.unitId) || !units.includes(p.unitId)) continue;
    if (p.at >= from && p.at <= to) (out[p.unitId] ??= []).push({ ts: p.at, lon: p.lon, lat: p.lat });
  }
  for (const points of Object.values(out)) points.sort((a, b) => a.ts - b.ts);
  return out;
}

describe('the position layout', () => {
  it('replays exactly: the state at 200 random times equals a full fold, and so does the archive', async () => {
    const events = operation(40, 6000);
    const path = join(dir, 'live.sqlite');
    const { store } = SqliteStore.open(path);
    const final = commitAll(store, events);
    expect(store.liveLog.loadState().state).toEqual(final);
    expect(store.liveLog.events(0, 1_000_000)).toEqual(events);
    const archive = join(dir, 'op.watchfloor');
    await store.reader.exportArchive(archive, { exportedAt: T0, exportedBy: 'test', appVersion: 'test' });
    const { startTs, endTs } = store.reader.timeRange();
    expect([startTs, endTs]).toEqual([T0, events.at(-1)!.ts]);
    const opened = SqliteStore.openArchive(archive);
    try {
      const live = new ReplaySession({ store: store.reader, kind: 'live' }, 'test');
      const replay = new ReplaySession({ store: opened.reader, kind: 'archive', validate: true }, 'test');
      const random = rng(200);
      for (let i = 0; i < 200; i++) {
        const at = Math.floor(T0 - 1000 + random() * (endTs! - T0 + 2000));
        const expected = foldAt(events, at);
        expect(live.stateAt(at).state).toEqual(expected);
        expect(replay.stateAt(at).state).toEqual(expected);
      }
      const units = Object.keys(final.units);
      const at = T0 + Math.floor((endTs! - T0) / 2);
      expect(Object.fromEntries(store.reader.tracks(units, at - 900_000, at))).toEqual(
        trailsOf(events, at - 900_000, at, units),
      );
      expect(opened.reader.track('U3', T0, endTs!)).toEqual(trailsOf(events, T0, endTs!, ['U3'])['U3']);
      expect(opened.reader.loadState().state).toEqual(final);
      expect(replay.rejected).toBe(0);
    } finally {
      opened.close();
      store.close();
    }
  });

  it('keeps a position report in under 60 bytes, against 264 in the version 2 layout', () => {
    const path = join(dir, 'size.sqlite');
    const { store } = SqliteStore.open(path);
    // 200 units reporting every 10 s at 1e-6 degree, as the reference server does.
    const events: StoredEvent[] = [];
    let seq = 0;
    const random = rng(11);
    for (let i = 0; i < 200; i++)
      events.push(
        ev(++seq, T0, 'unit.upserted', {
          unitId: `U${String(i).padStart(4, '0')}`,
          callsign: `RS-BP ${i}`,
          agency: 'border_police',
          organisation: 'Border Police Administration of Serbia',
          country: 'RS',
          kind: 'vehicle',
          status: 'patrolling',
        }),
      );
    for (let t = 0; t < 600; t++)
      for (let i = 0; i < 200; i++) {
        const at = T0 + t * 10_000 + i * 50;
        events.push(
          ev(++seq, at, 'unit.position', {
            unitId: `U${String(i).padStart(4, '0')}`,
            lon: Math.round((19 + random()) * 1e6) / 1e6,
            lat: Math.round((44 + random()) * 1e6) / 1e6,
            heading: Math.round(random() * 359),
            speed: Math.round(random() * 300) / 10,
            accuracy: Math.round(random() * 20),
            at,
          }),
        );
      }
    let state = getEmptyState();
    for (let i = 0; i < events.length; i += 1000) {
      const batch = events.slice(i, i + 1000);
      const next = applyEvents(state, batch as unknown as FeedEvent[]);
      store.liveLog.commitBatch({ events: batch, previous: state, next, receivedAt: T0 });
      state = next;
    }
    // Every value here is exact at the scale: trails come the fast way (as one text of numbers).
    const units = Object.keys(state.units);
    const [from, to] = [T0 + 1_000_000, T0 + 1_900_000];
    expect(Object.fromEntries(store.reader.tracks(units, from, to))).toEqual(
      trailsOf(events, from, to, units),
    );
    expect(store.reader.track('U0007', T0, to)).toEqual(trailsOf(events, T0, to, ['U0007'])['U0007']);
    store.close();
    const perReport = statSync(path).size / 120_000;
    console.log(`store: ${perReport.toFixed(1)} bytes per position report`);
    expect(perReport).toBeLessThan(60);
  });
});

/**
 * A store as version 2 wrote it (schema 2): every event's JSON in `events`, a row of REALs in
 * `positions` for each report about a unit held, units without their position in `entities`, and
 * a keyframe. This is the commit path of the release before the new layout, kept here verbatim in
 * its effect on the tables.
 */
function writeVersion2Store(path: string, events: readonly StoredEvent[], archive = false): OperationState {
  const db = new Database(path);
  migrate(db, MIGRATIONS.slice(0, 2));
  let state = getEmptyState();
  const insertEvent = db.prepare(
    'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertPosition = db.prepare(
    'INSERT INTO positions (unit_id, ts, lon, lat, heading, speed, accuracy, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const setMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  for (let i = 0; i < events.length; i += 250) {
    const batch = events.slice(i, i + 250);
    const next = applyEvents(state, batch.filter((e) => e.known) as unknown as FeedEvent[]);
    db.transaction(() => {
      const createdHere = new Set<string>();
      for (const e of batch) {
        insertEvent.run(e.seq, e.id, e.ts, e.type, JSON.stringify(e.payload), e.known ? 1 : 0);
        const p = e.payload as Record<string, number> & { unitId: string };
        if (e.known && e.type === 'unit.upserted') createdHere.add(p.unitId);
        if (
          e.known &&
          e.type === 'unit.position' &&
          (Object.hasOwn(state.units, p.unitId) || createdHere.has(p.unitId))
        )
          insertPosition.run(p.unitId, p.at, p.lon, p.lat, p.heading, p.speed, p.accuracy, e.seq);
      }
      if (i === 2500)
        db.prepare('INSERT INTO keyframes (seq, ts, state) VALUES (?, ?, ?)').run(
          batch.at(-1)!.seq,
          batch.at(-1)!.ts,
          deflateSync(JSON.stringify(next)),
        );
    })();
    state = next;
  }
  db.prepare('DELETE FROM entities').run();
  const upsert = db.prepare('INSERT INTO entities (kind, id, json) VALUES (?, ?, ?)');
  if (state.operation) upsert.run('operation', 'current', JSON.stringify(state.operation));
  for (const kind of ENTITY_COLLECTIONS)
    for (const [id, value] of Object.entries(state[kind] as Record<string, unknown>))
      upsert.run(kind, id, JSON.stringify(kind === 'units' ? { ...(value as Unit), position: null } : value));
  setMeta.run('operation_id', 'OP-7');
  setMeta.run('last_seq', String(events.at(-1)!.seq));
  setMeta.run('last_event_ts', String(events.at(-1)!.ts));
  setMeta.run('open_state', 'closed');
  if (archive) setMeta.run('archive_format', ARCHIVE_FORMAT);
  db.close();
  return state;
}

describe('migration to the position layout', () => {
  it('moves a version 2 store in place: the same log, picture, trails and replay', () => {
    const events = operation(30, 4000, 21);
    const path = join(dir, 'v2.sqlite');
    const final = writeVersion2Store(path, events);
    const trailsBefore = (() => {
      // What version 2 drew: its positions table, by unit and time.
      const db = new Database(path, { readonly: true });
      const out: Record<string, { ts: number; lon: number; lat: number }[]> = {};
      for (const r of db
        .prepare('SELECT unit_id, ts, lon, lat FROM positions ORDER BY unit_id, ts, seq')
        .all() as {
        unit_id: string;
        ts: number;
        lon: number;
        lat: number;
      }[])
        (out[r.unit_id] ??= []).push({ ts: r.ts, lon: r.lon, lat: r.lat });
      db.close();
      return out;
    })();
    const { store } = SqliteStore.open(path);
    try {
      expect(store.liveLog.loadState().state).toEqual(final);
      expect(store.liveLog.events(0, 1_000_000)).toEqual(events);
      const { endTs } = store.reader.timeRange();
      expect(
        Object.fromEntries(store.reader.tracks(Object.keys(final.units), T0 - 3_600_000, endTs!)),
      ).toEqual(trailsBefore);
      const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'test');
      const random = rng(5);
      for (let i = 0; i < 50; i++) {
        const at = Math.floor(T0 + random() * (endTs! - T0));
        expect(session.stateAt(at).state).toEqual(foldAt(events, at));
      }
      // Stored by the new layout from here on: the log keeps no JSON copy of a report.
      expect(store.rowCounts().positions).toBeGreaterThan(3500);
    } finally {
      store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT COUNT(*) FROM events WHERE type = 'unit.position'").pluck().get()).toBe(0);
    db.close();
  });

  it('opens a version 2 archive read only, leaving the file as it was', () => {
    const events = operation(20, 3000, 33);
    const path = join(dir, 'old.watchfloor');
    const final = writeVersion2Store(path, events, true);
    const hash = (): string => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    const archive = SqliteStore.openArchive(path);
    try {
      expect(archive.reader.loadState().state).toEqual(final);
      const session = new ReplaySession({ store: archive.reader, kind: 'archive', validate: true }, 'test');
      const { endTs } = archive.reader.timeRange();
      const random = rng(8);
      for (let i = 0; i < 30; i++) {
        const at = Math.floor(T0 + random() * (endTs! - T0));
        expect(session.stateAt(at).state).toEqual(foldAt(events, at));
      }
    } finally {
      archive.close();
    }
    expect(hash()).toBe(before);
  });
});

describe('exports of a version 2 archive', () => {
  it('are written on the read worker from the converted copy, the file it can read', async () => {
    const events = operation(20, 3000, 35);
    const path = join(dir, 'old-export.watchfloor');
    writeVersion2Store(path, events, true);
    const archive = SqliteStore.openArchive(path);
    const worker = new ReadWorker<ExportJob, null>(
      workerEntry(
        pathToFileURL(join(import.meta.dirname, '../replay/ReplayService.ts')).href,
        'exportWorker',
      ),
    );
    try {
      expect(archive.reader.fileRead).not.toBe(path);
      const { startTs, endTs } = archive.reader.timeRange();
      const job = (source: string, out: string): ExportJob => ({
        kind: 'tracks.geojson',
        path: join(dir, out),
        source: { kind: 'archive', path: source },
        operator: 'test',
        bookmarks: [],
        appVersion: 'test',
        now: T0,
        from: startTs!,
        to: endTs!,
      });
      // The archive itself is of the older layout, which this build reads only through the copy.
      await expect(worker.request(job(path, 'original.geojson'))).rejects.toThrow();
      await worker.request(job(archive.reader.fileRead, 'tracks.geojson'));
      const tracks = JSON.parse(readFileSync(join(dir, 'tracks.geojson'), 'utf8')) as {
        features: { geometry: { coordinates: unknown[] } }[];
      };
      expect(tracks.features.length).toBeGreaterThan(10);
      expect(tracks.features.reduce((n, f) => n + f.geometry.coordinates.length, 0)).toBe(
        [
          ...archive.reader
            .tracks(Object.keys(archive.reader.loadState().state.units), startTs!, endTs!)
            .values(),
        ].reduce((n, points) => n + points.length, 0),
      );
    } finally {
      await worker.close();
      archive.close();
    }
  });
});

describe('events of a type an older build did not know', () => {
  it('are applied after an upgrade that knows them: the picture, the log and replay at any time', () => {
    const events = operation(30, 6000, 41);
    // As an older build stored them: status changes kept, not applied.
    const older = events.map((e) => (e.type === 'unit.status_changed' ? { ...e, known: false } : e));
    expect(older.filter((e) => !e.known && e.type === 'unit.status_changed').length).toBeGreaterThan(20);
    const path = join(dir, 'older.sqlite');
    const first = SqliteStore.open(path).store;
    const stale = commitAll(first, older);
    expect(first.reader.keyframeCount()).toBeGreaterThan(2);
    first.close();
    // Upgraded, the log reads as it came: those known now, the type no version knows still not.
    const expected = events;
    const lines: string[] = [];
    const { store } = SqliteStore.open(path, { log: (line) => lines.push(line) });
    try {
      const final = foldAt(expected, Number.MAX_SAFE_INTEGER);
      expect(final).not.toEqual(stale);
      expect(store.liveLog.loadState().state).toEqual(final);
      expect(store.liveLog.events(0, 1_000_000)).toEqual(expected);
      expect(lines.join('\n')).toMatch(
        /events stored by an older version as of an unknown type are now applied/,
      );
      const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'test');
      const { endTs } = store.reader.timeRange();
      const random = rng(17);
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(T0 + random() * (endTs! - T0));
        expect(session.stateAt(at).state).toEqual(foldAt(expected, at));
      }
    } finally {
      store.close();
    }
  });
});
