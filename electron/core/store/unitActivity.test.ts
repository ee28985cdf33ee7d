import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEmptyState } from '../../../shared/state';
import { storeGeneratedOperation, type LateReport } from '../replay/generatedOperationFixtures';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { SqliteStore } from './SqliteStore';
import { TimedDatabase } from './TimedDatabase';
import {
  ACTIVITY_BUCKET_MS,
  aggregateUnitDistances,
  UnitActivityLedger,
  type UnitDistances,
} from './unitActivity';

const MINUTE = 60_000;
let dir: string;
let store: SqliteStore;
let path: string;
let late: LateReport[];
let reader: Database.Database;
let startTs: number;
let endTs: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-activity-'));
  ({ store, path, late } = storeGeneratedOperation(dir, { units: 12, hours: 5, seed: 41, lateEvery: 4 }));
  reader = new Database(path, { readonly: true });
  ({ startTs, endTs } = store.reader.timeRange() as { startTs: number; endTs: number });
});

afterAll(() => {
  reader.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectSame(actual: UnitDistances, reference: UnitDistances): void {
  expect([...actual.keys()].sort()).toEqual([...reference.keys()].sort());
  for (const [unitId, ref] of reference) {
    const got = actual.get(unitId)!;
    expect(got.reports, unitId).toBe(ref.reports);
    // The same segments summed in another order: equal to far below a millimetre.
    expect(Math.abs(got.distanceM - ref.distanceM), unitId).toBeLessThan(1e-6);
  }
}

describe('unit activity kept at ingest', () => {
  it('was fed late reports and moving units', () => {
    expect(late.length).toBeGreaterThan(3);
    const whole = aggregateUnitDistances(new TimedDatabase(reader), startTs, endTs)!;
    expect([...whole.values()].some((u) => u.distanceM > 1000)).toBe(true);
  });

  it("gives the full scan's reports and distance for the whole operation and for any period", async () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const periods: [number, number][] = [
      [startTs, endTs],
      [0, Number.MAX_SAFE_INTEGER],
      // Within one bucket, across one boundary, and exactly on the boundaries.
      [startTs + 3 * MINUTE, startTs + 9 * MINUTE],
      [startTs + 25 * MINUTE, startTs + 41 * MINUTE],
      [
        Math.ceil(startTs / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS,
        Math.ceil(startTs / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS + 3 * ACTIVITY_BUCKET_MS - 1,
      ],
    ];
    for (let i = 0; i < 30; i++) {
      const a = startTs + random() * (endTs - startTs);
      const b = startTs + random() * (endTs - startTs);
      periods.push([Math.floor(Math.min(a, b)), Math.floor(Math.max(a, b))]);
    }
    let fromAggregates = 0;
    for (const [from, to] of periods) {
      const reference = await store.reader.unitDistances(from, to, { fullScan: true });
      expectSame(await store.reader.unitDistances(from, to), reference);
      if (aggregateUnitDistances(new TimedDatabase(reader), from, to)) fromAggregates++;
    }
    // Only periods that end between a late report and its newer one go back to the positions.
    expect(fromAggregates).toBeGreaterThan(periods.length / 2);
    expect(aggregateUnitDistances(new TimedDatabase(reader), startTs, endTs)).not.toBeNull();
  });

  it('reads the positions only for a period ending between a late report and the newer one', async () => {
    const cut = late[0]!;
    const from = cut.at - 20 * MINUTE;
    const to = cut.newerAt - 1;
    expect(aggregateUnitDistances(new TimedDatabase(reader), from, to)).toBeNull();
    const reference = await store.reader.unitDistances(from, to, { fullScan: true });
    expectSame(await store.reader.unitDistances(from, to), reference);
    // Past every newer report, the same late reports are skipped by both and the aggregates answer.
    expect(aggregateUnitDistances(new TimedDatabase(reader), from, endTs)).not.toBeNull();
  });

  it('does not read the positions of the whole buckets inside the period', async () => {
    const from = startTs;
    const to = endTs;
    const before = await store.reader.unitDistances(from, to);
    const raw = new Database(path);
    const firstWhole = Math.ceil(from / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS;
    raw
      .prepare('DELETE FROM positions WHERE ts + at_delta >= ? AND ts + at_delta < ?')
      .run(firstWhole, firstWhole + 2 * ACTIVITY_BUCKET_MS);
    raw.close();
    expectSame(await store.reader.unitDistances(from, to), before);
    expect(
      (await store.reader.unitDistances(from, to, { fullScan: true })).get([...before.keys()][0]!)!.reports,
    ).toBeLessThan(before.get([...before.keys()][0]!)!.reports);
  });
});

describe('unit activity that cannot answer', () => {
  it('after a snapshot replaced part of the log: marked stale, the positions are read', async () => {
    const local = mkdtempSync(join(tmpdir(), 'watchfloor-activity-snap-'));
    try {
      const { store: s, path: p } = storeGeneratedOperation(local, { units: 4, hours: 1, seed: 5 });
      const { lastSeq, lastEventTs } = s.liveLog.position();
      s.liveLog.commitSnapshot({
        operationId: 'JO-WB-5',
        seq: lastSeq - 50,
        ts: lastEventTs!,
        state: s.liveLog.loadState().state,
        receivedAt: lastEventTs!,
      });
      const db = new Database(p, { readonly: true });
      expect(aggregateUnitDistances(new TimedDatabase(db), 0, Number.MAX_SAFE_INTEGER)).toBeNull();
      db.close();
      expectSame(
        await s.reader.unitDistances(0, Number.MAX_SAFE_INTEGER),
        await s.reader.unitDistances(0, Number.MAX_SAFE_INTEGER, { fullScan: true }),
      );
      s.close();
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('on a store of schema 2 that holds positions: marked stale when migrated', async () => {
    const p = join(dir, 'v2.sqlite');
    const raw = new Database(p);
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) m.up(raw);
    raw.pragma('user_version = 2');
    // As version 2 wrote a report: its JSON in the log and a row of the positions table.
    const report = (lat: number, at: number): string =>
      JSON.stringify({ unitId: 'U1', lon: 19, lat, heading: 0, speed: 0, accuracy: 5, at });
    raw
      .prepare(
        "INSERT INTO events (seq, id, ts, type, payload, known) VALUES (1, 'e1', 1000, 'unit.position', ?, 1), (2, 'e2', 2000, 'unit.position', ?, 1)",
      )
      .run(report(45, 1000), report(45.01, 2000));
    raw
      .prepare(
        "INSERT INTO positions VALUES ('U1', 1000, 19, 45, 0, 0, 5, 1), ('U1', 2000, 19, 45.01, 0, 0, 5, 2)",
      )
      .run();
    raw.close();
    const { store: s } = SqliteStore.open(p);
    const db = new Database(p, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'unit_activity'").pluck().get()).toBe('stale');
    expect(aggregateUnitDistances(new TimedDatabase(db), 0, 5000)).toBeNull();
    db.close();
    const distances = await s.reader.unitDistances(0, 5000);
    expect(distances.get('U1')!.reports).toBe(2);
    expect(distances.get('U1')!.distanceM).toBeCloseTo(1111.95, 1);
    s.close();
  });

  it('on a store of schema 3 (aggregates kept, reports in the old layout): moved to the new layout, the aggregates still answer', async () => {
    const local = mkdtempSync(join(tmpdir(), 'watchfloor-activity-v3-'));
    try {
      const { store: source, path: sourcePath } = storeGeneratedOperation(local, {
        units: 5,
        hours: 3,
        seed: 13,
        lateEvery: 3,
      });
      const sourceDb = new Database(sourcePath, { readonly: true });
      const shown = new Set(
        sourceDb.prepare('SELECT seq FROM positions WHERE flags & 1 = 0').pluck().all() as number[],
      );
      sourceDb.close();
      // The same log as the schema 3 build stored it: every event's JSON, a row of REALs for each
      // report about a unit held, and the activity ledger fed those rows.
      const p = join(local, 'v3.sqlite');
      const raw = new Database(p);
      migrate(
        raw,
        MIGRATIONS.filter((m) => m.version <= 3),
      );
      const ledger = new UnitActivityLedger(new TimedDatabase(raw));
      const insertEvent = raw.prepare(
        'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const insertPosition = raw.prepare(
        'INSERT INTO positions (unit_id, ts, lon, lat, heading, speed, accuracy, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      raw.transaction(() => {
        for (let after = 0; ;) {
          const page = source.liveLog.events(after, 5000);
          if (page.length === 0) break;
          after = page[page.length - 1]!.seq;
          for (const e of page) {
            insertEvent.run(e.seq, e.id, e.ts, e.type, JSON.stringify(e.payload), e.known ? 1 : 0);
            if (!shown.has(e.seq)) continue;
            const r = e.payload as {
              unitId: string;
              lon: number;
              lat: number;
              heading: number;
              speed: number;
              accuracy: number;
              at: number;
            };
            insertPosition.run(r.unitId, r.at, r.lon, r.lat, r.heading, r.speed, r.accuracy, e.seq);
            ledger.record(r.unitId, r.at, r.lon, r.lat, e.seq);
          }
        }
        ledger.flush();
      })();
      raw.close();
      const { startTs, endTs } = source.reader.timeRange() as { startTs: number; endTs: number };
      const { store: s } = SqliteStore.open(p);
      const db = new Database(p, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'unit_activity'").pluck().get()).toBe('complete');
      expect(db.prepare('SELECT COUNT(*) FROM positions WHERE flags & 1 = 0').pluck().get()).toBe(shown.size);
      expect(aggregateUnitDistances(new TimedDatabase(db), startTs, endTs)).not.toBeNull();
      db.close();
      for (const [from, to] of [
        [startTs, endTs],
        [startTs + 25 * MINUTE, startTs + 95 * MINUTE],
      ] as const) {
        const reference = await source.reader.unitDistances(from, to, { fullScan: true });
        expectSame(await s.reader.unitDistances(from, to), reference);
        expectSame(await s.reader.unitDistances(from, to, { fullScan: true }), reference);
      }
      s.close();
      source.close();
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('a new store starts complete and keeps it through a rolled-back batch', () => {
    const p = join(dir, 'new.sqlite');
    const { store: s } = SqliteStore.open(p);
    const bad = { seq: 1, id: 'e1', ts: 5, type: 'x', payload: {}, known: false };
    s.liveLog.commitBatch({ events: [bad], previous: getEmptyState(), next: getEmptyState(), receivedAt: 1 });
    expect(() =>
      s.liveLog.commitBatch({
        events: [bad],
        previous: getEmptyState(),
        next: getEmptyState(),
        receivedAt: 1,
      }),
    ).toThrow();
    const db = new Database(p, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'unit_activity'").pluck().get()).toBe('complete');
    db.close();
    s.close();
  });
});
