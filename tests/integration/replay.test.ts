import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/Core';
import { ReplayService } from '../../electron/core/replay/ReplayService';
import { ReplaySession } from '../../electron/core/replay/ReplaySession';
import { ArchiveError, SqliteStore } from '../../electron/core/store/SqliteStore';
import { XMLValidator } from 'fast-xml-parser';
import Papa from 'papaparse';
import { featureCollectionErrors } from '../../electron/core/export/exportChecks';
import { EXPORT_KINDS } from '../../shared/replay';
import { applyEvents } from '../../shared/applyEvent';
import { jsonEqual } from '../../shared/jsonEqual';
import type { FeedEvent } from '../../shared/protocol/events';
import { applyDelta } from '../../shared/pictureDelta';
import { getEmptyState, type OperationState } from '../../shared/state';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until as waitUntil } from './until';
import { readStoreOf, storedEvents } from './storeOfCore';

const until = (check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> =>
  waitUntil(check, what, timeoutMs);

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 5, 6);
let dir: string;
let server: SimulatorServer;
let core: Core;
/** Every event of the log, in seq order, read once. */
let log: { seq: number; ts: number; type: string; payload: Record<string, unknown>; known: boolean }[];

function plain(state: OperationState): unknown {
  return JSON.parse(JSON.stringify(state)) as unknown;
}

/**
 * Asserts two pictures are the same data. A structural comparison first (fast on pictures that
 * share most objects); the matcher's diff only when they differ, to show where.
 */
function expectSame(actual: OperationState, expected: OperationState): void {
  if (!jsonEqual(actual, expected)) expect(plain(actual)).toEqual(plain(expected));
}

/** The log in time order (ties by seq), for the reference below; rebuilt when the log is read again. */
let byTime: { seq: number; ts: number }[] = [];

function readLog(): void {
  log = storedEvents(core, 0, 10_000_000);
  byTime = log.map(({ seq, ts }) => ({ seq, ts })).sort((a, b) => a.ts - b.ts || a.seq - b.seq);
}

/** The reference: the seq of the newest event at or before `at` in time order, found here, not by SQL. */
function seqAt(at: number): number {
  let lo = 0;
  let hi = byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byTime[mid]!.ts <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : byTime[lo - 1]!.seq;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-replay-'));
  server = await SimulatorServer.start({
    port: 0,
    token: 'test-token',
    scenario: defaultScenarioConfig({ seed: 33, units: 60, incidentsPerHour: 40, startAt: START }),
    speed: 0,
    logPath: join(dir, 'server.sqlite'),
    heartbeatMs: 250,
  });
  core = Core.open({
    storePath: join(dir, 'store.sqlite'),
    operator: 'Analyst Marković',
    feed: { url: server.url, token: 'test-token' },
    deltaIntervalMs: 20,
    feedTimings: { backoff: { initialMs: 20, maxMs: 250, factor: 2, jitter: 0.5 } },
  });
  server.advanceBy(HOUR);
  await until(() => core.ingest.committedSeq === server.lastSeq, 'the first hour');
  // The rest arrives the way a field link delivers it: dropped every hour, with duplicates,
  // reorders, gaps and malformed messages in the stream. Replay reads what ingest stored of it.
  server.setFaults({ duplicateRate: 0.05, reorderRate: 0.05, gapRate: 0.02, malformedRate: 0.02, seed: 3 });
  for (let h = 1; h < 5; h++) {
    for (let q = 0; q < 4; q++) server.advanceBy(HOUR / 4);
    // Caught up after the previous drop: it has reconnected and resumed, so this drop is a real one.
    await until(() => core.ingest.committedSeq === server.lastSeq, 'the client to be back and caught up');
    server.dropConnections();
  }
  server.setFaults({});
  await until(() => core.ingest.committedSeq === server.lastSeq, 'the core to hold the log');
  readLog();
}, 240_000);

afterAll(async () => {
  core?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay from the local store', () => {
  it('replays a log stored through dropped links, duplicates, reorders, gaps and malformed messages', () => {
    expect(server.faultStats.drops).toBeGreaterThanOrEqual(4);
    expect(server.faultStats.duplicates).toBeGreaterThan(0);
    expect(server.faultStats.gaps).toBeGreaterThan(0);
    expect(server.faultStats.malformed).toBeGreaterThan(0);
    // Every malformed message is in the quarantine, none in the log; the log is 1..N, once each.
    expect(core.status.quarantineCount).toBe(server.faultStats.malformed);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: server.lastSeq }, (_, i) => i + 1));
    // Replay at the end is the server's own picture.
    const session = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    expectSame(session.stateAt(log.at(-1)!.ts).state, server.state);
  });

  it('gives, at 200 random times, exactly the fold of the log up to that time', () => {
    expect(core.replaySource().keyframeCount()).toBeGreaterThan(10);
    const first = log[0]!.ts;
    const last = log.at(-1)!.ts;
    // Times across the whole operation, a little before the first event and after the last, plus
    // exact event times (the boundary of "at or before").
    const times = fc.sample(
      fc.oneof(
        fc.integer({ min: first - 60_000, max: last + 60_000 }),
        fc.constantFrom(...log.filter((_, i) => i % 997 === 0).map((e) => e.ts)),
      ),
      { numRuns: 200, seed: 5 },
    );
    // The reference folds the whole log once from seq 1, keeping the state at each wanted seq.
    const wanted = new Map<number, OperationState>();
    const targets = [...new Set(times.map(seqAt))].sort((a, b) => a - b);
    let state = getEmptyState();
    let i = 0;
    for (const target of targets) {
      const batch: FeedEvent[] = [];
      while (i < log.length && log[i]!.seq <= target) {
        if (log[i]!.known) batch.push(log[i] as unknown as FeedEvent);
        i++;
      }
      state = applyEvents(state, batch);
      wanted.set(target, state);
    }
    // One session seeks in random order (keyframe, forward and same paths); the UI's copy,
    // rebuilt from the deltas alone, must match as well.
    const session = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    let ui: OperationState | null = null;
    const paths = new Set<string>();
    for (const at of times) {
      const result = session.seek(at, { trailWindowMs: 0, exact: false });
      paths.add(result.path);
      ui = result.state ?? applyDelta(ui!, result.delta!);
      const expected = wanted.get(seqAt(at))!;
      expect(result.seq).toBe(seqAt(at));
      expectSame(session.stateAt(at).state, expected);
      expectSame(ui, expected);
    }
    expect([...paths].sort()).toEqual(expect.arrayContaining(['forward', 'keyframe', 'empty']));
  });

  it('plays forward in small steps and lands where a seek does, with every report on the trails', () => {
    const session = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    const from = START + HOUR;
    const window = 10 * 60_000;
    let ui = session.seek(from, { trailWindowMs: window, exact: false }).state!;
    let added = 0;
    for (let t = from + 60_000; t <= from + HOUR; t += 60_000) {
      const step = session.seek(t, { trailWindowMs: window, exact: false });
      if (step.delta) ui = applyDelta(ui, step.delta);
      expect(step.trails).toBeNull();
      // Each step brings exactly the reports made since the previous one.
      const expected = core.replaySource().trailsBetween(t - 60_000 + 1, t, Object.keys(ui.units));
      expect(step.trailsAdded).toEqual(expected);
      added += Object.values(step.trailsAdded!).reduce((n, p) => n + p.length, 0);
    }
    expect(added).toBeGreaterThan(1000);
    const fresh = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    expect(plain(ui)).toEqual(plain(fresh.seek(from + HOUR, { trailWindowMs: 0, exact: false }).state!));
  });

  it('plays at 600x in 2-minute steps: each step shows exactly what a seek to its moment shows', () => {
    // Playback's steps (at most 2 minutes of operation time each, the renderer's cap) across the
    // stored operation, faults and keyframes included: the page's picture, rebuilt from the deltas
    // alone, must be at every step the picture a fresh seek to that moment gives.
    const session = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    const from = START + HOUR / 2;
    let ui = session.seek(from, { trailWindowMs: 15 * 60_000, exact: true }).state!;
    const paths = new Set<string>();
    for (let t = from + 120_000; t <= START + 4 * HOUR; t += 120_000) {
      const step = session.seek(t, { trailWindowMs: 15 * 60_000, exact: false });
      paths.add(step.path);
      expect(step.state).toBeNull();
      if (step.delta) ui = applyDelta(ui, step.delta);
      const seek = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst').seek(t, {
        trailWindowMs: 15 * 60_000,
        exact: true,
      });
      expect(step.seq).toBe(seek.seq);
      expect(step.seq).toBe(seqAt(t));
      expectSame(ui, seek.state!);
      expect(step.log).toEqual(seek.log);
    }
    // Both ways a step goes: folded on from the last, and from a keyframe it crossed.
    expect([...paths].sort()).toEqual(expect.arrayContaining(['forward', 'keyframe']));
  });

  it('shows units at their last position before T, trails over the window, and the event list', () => {
    const session = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'Analyst');
    const at = START + 2.5 * HOUR;
    const result = session.seek(at, { trailWindowMs: 15 * 60_000, exact: true });
    const state = result.state!;
    const units = Object.values(state.units).filter((u) => u.position);
    expect(units.length).toBeGreaterThan(30);
    for (const unit of units) {
      expect(unit.position!.at).toBeLessThanOrEqual(at);
      const trail = result.trails![unit.unitId];
      if (!trail) continue;
      expect(trail.every((p) => p.ts <= at && p.ts >= at - 15 * 60_000)).toBe(true);
      // The trail ends where the unit is.
      if (trail.at(-1)!.ts === unit.position!.at) expect(trail.at(-1)!.lon).toBe(unit.position!.lon);
    }
    expect(result.log.length).toBeGreaterThan(10);
    expect(result.log.every((e) => e.type !== 'unit.position' && e.ts <= at)).toBe(true);
    expect(result.log.map((e) => e.ts)).toEqual([...result.log.map((e) => e.ts)].sort((a, b) => b - a));
    // An incident is shown from its report on: none reported after T.
    expect(Object.values(state.incidents).every((i) => i.reportedAt <= at)).toBe(true);
    // A sector with the impact level it had then: the last change at or before T.
    const changes = log.filter((e) => e.type === 'sector.impact_changed' && e.ts <= at);
    for (const change of changes.slice(-5)) {
      const p = change.payload as { sectorId: string };
      const lastChange = changes
        .filter((c) => (c.payload as { sectorId: string }).sectorId === p.sectorId)
        .at(-1)!;
      expect(state.sectors[p.sectorId]!.impactLevel).toBe(
        (lastChange.payload as { impactLevel: string }).impactLevel,
      );
    }
  });

  it('keeps storing the live feed while a replay runs, and the timeline follows the live edge', async () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    const before = service.timeline(100);
    expect(before.incidentCount).toBeGreaterThan(50);
    const stacked = Object.values(before.bins.byPriority)
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(stacked).toBe(before.incidentCount);
    service.seek(START + HOUR, 600_000, true);
    server.advanceBy(HOUR / 2);
    await until(() => core.ingest.committedSeq === server.lastSeq, 'the live feed to be stored');
    const after = service.timeline(100);
    expect(after.endTs!).toBeGreaterThan(before.endTs!);
    // The replayed moment is unchanged by what arrived meanwhile.
    const again = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'A').stateAt(START + HOUR);
    expect(plain(service.seek(START + HOUR, 0, false).state ?? again.state)).toEqual(plain(again.state));
    readLog();
  });

  it('steps to the next and previous incident and bookmark', () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    const reported = Object.values(core.state.incidents)
      .map((i) => i.reportedAt)
      .sort((a, b) => a - b);
    const from = reported[10]!;
    expect(service.step(from, 1, 'incident')).toBe(reported.find((t) => t > from));
    expect(service.step(from, -1, 'incident')).toBe(reported.filter((t) => t < from).at(-1));
    const mark = service.addBookmark('Handover at Karakaj', from + 1234, 'readmission of 4', false);
    expect(service.step(from, 1, 'bookmark')).toBe(mark.at);
    expect(service.timeline(10).bookmarks.some((b) => b.bookmarkId === mark.bookmarkId && !b.shared)).toBe(
      true,
    );
    expect(service.removeBookmark(mark.bookmarkId)).toBe(true);
    expect(service.step(from, 1, 'bookmark')).toBeNull();
  });
});

describe('operation archive', () => {
  let archivePath: string;

  beforeAll(async () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    service.addBookmark('Kept with the archive', START + HOUR, undefined, false);
    core.bookmarks.add({
      bookmarkId: 'other-op',
      operationId: 'SOME-OTHER-OP',
      at: START,
      label: 'not this operation',
      author: 'x',
      createdAt: START,
    });
    const file = await service.export('archive.sqlite');
    archivePath = file.path;
  });

  it('round-trips: the archive replays every moment exactly as the live store does, read only', () => {
    const archive = SqliteStore.openArchive(archivePath);
    try {
      expect(archive.readOnly).toBe(true);
      expect(archive.reader.archiveInfo()).toMatchObject({ exportedBy: 'Analyst', appVersion: 'test' });
      const live = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'A');
      const replay = new ReplaySession({ store: archive.reader, kind: 'archive' }, 'A');
      const { endTs } = archive.reader.timeRange();
      for (const at of fc.sample(fc.integer({ min: START, max: endTs! }), { numRuns: 25, seed: 9 })) {
        expectSame(replay.stateAt(at).state, live.stateAt(at).state);
      }
      expect(archive.bookmarks.list('SOME-OTHER-OP')).toEqual([]);
      expect(archive.bookmarks.list(core.status.operationId!).map((b) => b.label)).toEqual([
        'Kept with the archive',
      ]);
      expect(() =>
        archive.bookmarks.add({
          bookmarkId: 'x',
          operationId: 'y',
          at: 1,
          label: 'l',
          author: 'a',
          createdAt: 1,
        }),
      ).toThrow(/readonly/i);
    } finally {
      archive.close();
    }
  });

  it('replays an altered archive without what fails the protocol, and refuses an altered picture', () => {
    const altered = join(dir, 'altered.sqlite');
    writeFileSync(altered, readFileSync(archivePath));
    const db = new Database(altered);
    // A position report moved off the globe (its row holds lon in 1e-7 degree), and the picture at
    // the last keyframe given a mode no protocol has.
    db.prepare('UPDATE positions SET lon = 9990000000 WHERE seq = (SELECT MAX(seq) FROM positions)').run();
    db.close();
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    service.openArchive(altered);
    const end = SqliteStore.openArchive(altered);
    const { endTs } = end.reader.timeRange();
    end.close();
    const state = service.seek(endTs!, 0, false, true).state!;
    expect(Object.values(state.units).every((u) => !u.position || u.position.lon <= 180)).toBe(true);
    service.close();

    const picture = join(dir, 'altered-picture.sqlite');
    writeFileSync(picture, readFileSync(archivePath));
    const db2 = new Database(picture);
    db2
      .prepare("UPDATE entities SET json = json_set(json, '$.mode', 'bogus') WHERE kind = 'operation'")
      .run();
    db2.close();
    const other = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    expect(() => other.openArchive(picture)).toThrow(/altered/);
    expect(other.info().kind).toBe('live');
    other.close();
  });

  it('sends the whole picture again when the page starts over', () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    expect(service.seek(START + HOUR, 0, false).state).not.toBeNull();
    expect(service.seek(START + HOUR + 60_000, 0, false).state).toBeNull();
    const again = service.seek(START + HOUR + 60_000, 0, false, true);
    expect(again.state).not.toBeNull();
    expect(Object.keys(again.state!.units).length).toBeGreaterThan(30);
    service.close();
  });

  it('opens in a replay service, and the live store goes on', () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    const info = service.openArchive(archivePath);
    expect(info).toMatchObject({ kind: 'archive', readOnly: true, path: archivePath });
    expect(() => service.addBookmark('shared?', START + HOUR, undefined, true)).toThrow(/read only/);
    const local = service.addBookmark('on the archive', START + HOUR, undefined, false);
    expect(service.timeline(10).bookmarks.map((b) => b.bookmarkId)).toContain(local.bookmarkId);
    expect(service.useLive()).toMatchObject({ kind: 'live' });
    service.close();
  });

  /** Every kind of bad file, made from the good archive or from nothing. */
  const badArchives: [string, (path: string) => void, RegExp][] = [
    [
      'a text file',
      (p) => writeFileSync(p, 'incident_id,category\nINC-1,drugs\n'.repeat(20)),
      /not an SQLite database/,
    ],
    ['an empty file', (p) => writeFileSync(p, ''), /not an SQLite database/],
    [
      'a truncated copy',
      (p) => {
        writeFileSync(p, readFileSync(archivePath));
        truncateSync(p, Math.floor(statSync(p).size / 2));
      },
      /truncated/,
    ],
    [
      'a copy with damaged pages',
      (p) => {
        writeFileSync(p, readFileSync(archivePath));
        const fd = openSync(p, 'r+');
        const size = statSync(p).size;
        // Garbage over pages in the middle and near the end, header left intact.
        for (const at of [Math.floor(size / 3), Math.floor(size / 2), size - 8192])
          writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, at);
        closeSync(fd);
      },
      /damaged/,
    ],
    [
      'an archive of a newer schema',
      (p) => {
        writeFileSync(p, readFileSync(archivePath));
        const db = new Database(p);
        db.pragma('user_version = 99');
        db.close();
      },
      /newer Watchfloor \(schema 99/,
    ],
    [
      'a database of another program',
      (p) => {
        const db = new Database(p);
        db.exec('CREATE TABLE contacts (name TEXT)');
        db.pragma('user_version = 3');
        db.close();
      },
      /not a Watchfloor archive \(it has no meta table\)/,
    ],
    [
      'a plain SQLite file',
      (p) => {
        const db = new Database(p);
        db.exec('CREATE TABLE t (x)');
        db.close();
      },
      /not a Watchfloor archive/,
    ],
    [
      'a live store, not exported',
      (p) => {
        writeFileSync(p, readFileSync(archivePath));
        const db = new Database(p);
        db.exec("DELETE FROM meta WHERE key = 'archive_format'");
        db.close();
      },
      /store, not an archive/,
    ],
    [
      'a copy of a live store (write-ahead log)',
      (p) => writeFileSync(p, readFileSync(join(dir, 'store.sqlite'))),
      /not a finished archive/,
    ],
    ['a folder', (p) => mkdirSync(p), /not a file/],
    ['a missing file', () => {}, /cannot be read/],
  ];

  it.each(badArchives)('refuses %s with a clear message and harms nothing', (_name, make, message) => {
    const path = join(dir, `bad-${_name.replace(/\W+/g, '-')}.sqlite`);
    make(path);
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    const liveBefore = plain(core.state);
    const seqBefore = core.ingest.committedSeq;
    const fileBefore = statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path) : null;
    expect(() => SqliteStore.openArchive(path)).toThrow(ArchiveError);
    expect(() => service.openArchive(path)).toThrow(message);
    // What was replayed before is still replayed; the live store is intact and still takes the feed.
    expect(service.info().kind).toBe('live');
    expect(plain(core.state)).toEqual(liveBefore);
    expect(core.ingest.committedSeq).toBe(seqBefore);
    expect(readStoreOf(core, (s) => s.integrityCheck())).toEqual([]);
    // The refused file itself is not touched either.
    if (fileBefore) expect(readFileSync(path).equals(fileBefore)).toBe(true);
    service.close();
  });
});

describe('exports of the stored operation', () => {
  it('writes every kind, each valid and holding what the replay shows', async () => {
    const service = new ReplayService(core, 'Analyst Marković', {
      exportsDir: join(dir, 'exports'),
      geoDir: join(process.cwd(), 'resources', 'geo'),
      appVersion: 'test',
      now: () => Date.UTC(2026, 9, 6, 12),
    });
    service.addBookmark('Convoy stopped at Gradina', START + 2 * HOUR, 'three vans', false);
    const from = START + HOUR;
    const to = START + 4 * HOUR;
    const state = new ReplaySession({ store: core.replaySource(), kind: 'live' }, 'A').stateAt(to).state;
    const inPeriod = Object.values(state.incidents).filter((i) => i.reportedAt >= from && i.reportedAt <= to);
    expect(inPeriod.length).toBeGreaterThan(20);
    const written = new Map<string, string>();
    for (const kind of EXPORT_KINDS) {
      const file = await service.export(kind, from, to);
      expect(file.fileName).toMatch(
        new RegExp(`^JO-WB-33-${kind.split('.')[0]}-20261006T120000Z\\.${kind.split('.')[1]}$`),
      );
      expect(file.bytes).toBe(statSync(file.path).size);
      expect(file.url).toBeNull();
      written.set(kind, file.path);
    }
    const text = (kind: string): string => readFileSync(written.get(kind)!, 'utf8');
    const rows = Papa.parse<Record<string, string>>(text('incidents.csv').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(rows.errors).toEqual([]);
    expect(rows.data.map((r) => r['incidentId']).sort()).toEqual(inPeriod.map((i) => i.incidentId).sort());
    for (const kind of ['incidents.geojson', 'sectors.geojson', 'tracks.geojson'])
      expect(featureCollectionErrors(JSON.parse(text(kind)))).toEqual([]);
    const incidents = JSON.parse(text('incidents.geojson')) as { features: unknown[] };
    expect(incidents.features).toHaveLength(inPeriod.length);
    for (const kind of ['tracks.gpx', 'operation.kml']) expect(XMLValidator.validate(text(kind))).toBe(true);
    const gpx = text('tracks.gpx');
    // Every stored report of the period is a track point, with its time in UTC.
    const reports = Object.fromEntries(core.replaySource().tracks(Object.keys(state.units), from, to));
    const pointCount = Object.values(reports).reduce((n, t) => n + t.length, 0);
    expect(gpx.match(/<trkpt /g)?.length).toBe(pointCount);
    expect(gpx).toMatch(/<time>2026-10-05T0[7-9]:\d\d:\d\d\.\d{3}Z<\/time>/);
    expect(text('bookmarks.csv')).toContain('Convoy stopped at Gradina');
    const report = text('report.html');
    expect(report).toContain(`Incidents total: ${inPeriod.length}.`);
    expect(report).toContain('Convoy stopped at Gradina');
    expect(report).not.toMatch(/<script|https?:\/\//i);
    // CoT: one event a line, each unit with a position and each incident on the map at the period's end.
    const cot = text('picture.cot').trimEnd().split('\n');
    for (const line of cot) expect(XMLValidator.validate(line)).toBe(true);
    const onMap = inPeriod.filter((i) => i.status !== 'closed').length;
    const placed = Object.values(state.units).filter((u) => u.position !== null).length;
    expect(cot).toHaveLength(placed + onMap);
    expect(cot.filter((l) => l.includes('type="b-m-p-s-m"'))).toHaveLength(onMap);
    const archive = SqliteStore.openArchive(written.get('archive.sqlite')!);
    expect(archive.reader.position().lastSeq).toBe(core.replaySource().position().lastSeq);
    archive.close();
  });

  it('says there is nothing to export from an empty store', async () => {
    const empty = Core.open({ storePath: join(dir, 'empty.sqlite'), operator: 'A' });
    try {
      const service = new ReplayService(empty, 'A', {
        exportsDir: join(dir, 'exports-empty'),
        appVersion: 'test',
      });
      await expect(service.export('incidents.csv')).rejects.toThrow(/nothing to export/);
      await expect(service.export('archive.sqlite')).rejects.toThrow(/nothing to export/);
    } finally {
      empty.close();
    }
  });
});
