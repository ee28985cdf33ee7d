import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEmptyState } from '../../../shared/state';
import { SqliteStore } from './SqliteStore';
import { TimedDatabase } from './TimedDatabase';

/**
 * A connection whose queries take as long as the test says: `pause(ms)` in SQL moves the fake
 * clock on by `ms` while the statement runs, so a query is slow or fast without any waiting.
 */
function fakeTimed(options: { slowQueryMs?: number; slowQueryRing?: number } = {}): {
  db: TimedDatabase;
  lines: string[];
  advance: (ms: number) => void;
  close: () => void;
} {
  let t = 1000;
  const connection = new Database(':memory:');
  connection.function('pause', (ms: unknown) => {
    t += Number(ms);
    return Number(ms);
  });
  connection.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
  const lines: string[] = [];
  const db = new TimedDatabase(connection, {
    ...options,
    clock: () => t,
    now: () => Date.UTC(2026, 9, 5, 6, 0, 0),
    log: (line) => lines.push(line),
  });
  return { db, lines, advance: (ms) => (t += ms), close: () => connection.close() };
}

describe('TimedDatabase: every query timed, slow ones logged and kept', () => {
  it('records a query slower than the threshold, with its SQL (not its values), rows and when, and logs it', () => {
    const { db, lines, close } = fakeTimed({ slowQueryMs: 100 });
    db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)').run('secret incident text');
    const rows = db
      .prepare<[number], { n: number }>('SELECT pause(?) AS n FROM notes UNION ALL SELECT 2')
      .all(250);
    expect(rows).toHaveLength(2);
    const figures = db.figures();
    expect(figures).toMatchObject({ queries: 2, slow: 1, thresholdMs: 100, slowestMs: 250 });
    expect(figures.recent).toEqual([
      {
        sql: 'SELECT pause(?) AS n FROM notes UNION ALL SELECT 2',
        ms: 250,
        rows: 2,
        at: Date.UTC(2026, 9, 5, 6, 0, 0),
      },
    ]);
    expect(lines).toEqual([
      'slow store query: 250 ms, 2 rows: SELECT pause(?) AS n FROM notes UNION ALL SELECT 2',
    ]);
    expect(lines.join('\n')).not.toContain('secret incident text');
    close();
  });

  it('does not record a query at or under the threshold', () => {
    const { db, lines, close } = fakeTimed({ slowQueryMs: 100 });
    expect(db.prepare<[number], number>('SELECT pause(?)').pluck().get(100)).toBe(100);
    db.prepare<[number]>('INSERT INTO notes (text) VALUES (pause(?))').run(40);
    expect(db.figures()).toMatchObject({ queries: 2, slow: 0, slowestMs: 100, recent: [] });
    expect(lines).toEqual([]);
    close();
  });

  it('keeps a bounded ring of the most recent slow queries, and counts them all', () => {
    const { db, close } = fakeTimed({ slowQueryMs: 10, slowQueryRing: 3 });
    const statement = db.prepare<[number, number], number>('SELECT pause(?) + ?').pluck();
    for (let i = 1; i <= 5; i++) statement.get(20 + i, i);
    const figures = db.figures();
    expect(figures.slow).toBe(5);
    expect(figures.recent.map((q) => q.ms)).toEqual([23, 24, 25]);
    close();
  });

  it('times a transaction as a whole, under its label', () => {
    const { db, lines, close } = fakeTimed({ slowQueryMs: 100 });
    const insert = db.prepare<[number]>('INSERT INTO notes (text) VALUES (pause(?))');
    db.transaction('commit of 3 notes', () => {
      for (let i = 0; i < 3; i++) insert.run(60);
    });
    expect(db.figures()).toMatchObject({ queries: 4, slow: 1 });
    expect(lines).toEqual(['slow store query: 180 ms, 0 rows: transaction: commit of 3 notes']);
    close();
  });

  it("times an iteration's steps, not what the caller does between rows", () => {
    const { db, advance, close } = fakeTimed({ slowQueryMs: 100 });
    db.connection.exec('INSERT INTO notes (text) VALUES (1), (2), (3)');
    let seen = 0;
    for (const row of db.prepare<[], { id: number }>('SELECT id FROM notes').iterate()) {
      expect(row.id).toBe(++seen);
      advance(500);
    }
    expect(seen).toBe(3);
    expect(db.figures()).toMatchObject({ queries: 1, slow: 0 });
    close();
  });

  it('cuts a long statement to one short line', () => {
    const { db, close } = fakeTimed({ slowQueryMs: 0 });
    const columns = Array.from({ length: 60 }, (_, i) => `pause(${i === 0 ? 1 : 0}) AS c${i}`).join(',\n   ');
    db.prepare(`SELECT\n   ${columns}`).get();
    const [query] = db.figures().recent;
    expect(query!.sql.length).toBe(160);
    expect(query!.sql).toMatch(/^SELECT pause\(1\) AS c0, pause\(0\) AS c1,.*…$/);
    close();
  });
});

describe("the store's queries go through the one wrapper", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-timed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("counts every part's queries and writes slow ones to the store's log", () => {
    const lines: string[] = [];
    const { store } = SqliteStore.open(join(dir, 's.sqlite'), { slowQueryMs: 0, log: (l) => lines.push(l) });
    const before = store.queryFigures().queries;
    store.liveLog.setOperation('OP-1');
    store.liveLog.commitBatch({
      events: [{ seq: 1, id: 'e1', ts: 10, type: 'operation.started', payload: {}, known: false }],
      previous: getEmptyState(),
      next: getEmptyState(),
      receivedAt: 20,
    });
    store.outbox.depth();
    store.quarantine.entries();
    store.bookmarks.list('OP-1');
    store.reader.timeRange();
    const figures = store.queryFigures();
    // Each call above ran at least one statement; the commit a transaction besides.
    expect(figures.queries - before).toBeGreaterThanOrEqual(8);
    expect(figures.thresholdMs).toBe(0);
    expect(
      lines.some((l) => l.startsWith('slow store query: ') && l.endsWith('transaction: commit of 1 events')),
    ).toBe(true);
    expect(lines.some((l) => /slow store query: .*SELECT COUNT\(\*\) FROM outbox/.test(l))).toBe(true);
    store.close();
  });
});
