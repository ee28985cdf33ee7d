import type Database from 'better-sqlite3';

/** One forward step of the store's schema; `version` is the user_version after it. */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/**
 * The store's schema, as forward migrations applied in order inside one transaction each. Never
 * edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'event log, current state, positions, keyframes, outbox, quarantine, bookmarks, settings',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- The log: every event as received, known or of a newer type (known = 0: stored, not applied).
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          known INTEGER NOT NULL
        );
        CREATE INDEX events_ts ON events (ts);
        -- The current picture, one row per entity, kept equal to the fold of the log up to meta.last_seq.
        CREATE TABLE entities (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
        CREATE TABLE positions (
          unit_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          lon REAL NOT NULL,
          lat REAL NOT NULL,
          heading REAL NOT NULL,
          speed REAL NOT NULL,
          accuracy REAL NOT NULL,
          seq INTEGER NOT NULL
        );
        CREATE INDEX positions_unit_ts ON positions (unit_id, ts);
        -- The state at a seq (deflated JSON), so replay can start near any time instead of at seq 1.
        CREATE TABLE keyframes (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, state BLOB NOT NULL);
        CREATE TABLE outbox (
          command_id TEXT PRIMARY KEY,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          issued_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'acked', 'rejected')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          result_seqs TEXT,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_status ON outbox (status, created_at);
        CREATE TABLE quarantine (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          received_at INTEGER NOT NULL,
          reason TEXT NOT NULL,
          raw TEXT NOT NULL,
          raw_bytes INTEGER NOT NULL
        );
        CREATE TABLE bookmarks (
          bookmark_id TEXT PRIMARY KEY,
          at INTEGER NOT NULL,
          label TEXT NOT NULL,
          note TEXT,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 2,
    description:
      'replay: an index of the events that are not position reports; local bookmarks per operation',
    up(db) {
      db.exec(`
        -- The replay's event list, the report and the timeline read the few events that are not
        -- position reports (about 1 in 100) by time. A partial index holds only those, so ingest of
        -- the position stream pays nothing for it. Queries must repeat the WHERE clause to use it.
        CREATE INDEX events_log ON events (ts) WHERE type != 'unit.position';
        -- Version 1's bookmarks table was never written. Local bookmarks belong to an operation (one
        -- can bookmark an opened archive of another operation), so the table gains that column.
        DROP TABLE bookmarks;
        CREATE TABLE bookmarks (
          bookmark_id TEXT PRIMARY KEY,
          operation_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          label TEXT NOT NULL,
          note TEXT,
          author TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX bookmarks_operation ON bookmarks (operation_id, at);
      `);
    },
  },
  {
    version: 3,
    description: "report: each unit's reports and distance per half hour, kept at ingest",
    up(db) {
      db.exec(`
        -- What one unit did within one bucket of time (unitActivity.ts): the report reads these
        -- instead of every position. Reports older than the unit's newest are listed apart.
        CREATE TABLE unit_activity (
          unit_id TEXT NOT NULL,
          bucket INTEGER NOT NULL,
          reports INTEGER NOT NULL,
          distance_m REAL NOT NULL,
          first_ts INTEGER NOT NULL,
          first_lon REAL NOT NULL,
          first_lat REAL NOT NULL,
          last_ts INTEGER NOT NULL,
          last_lon REAL NOT NULL,
          last_lat REAL NOT NULL,
          PRIMARY KEY (unit_id, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE unit_activity_late (
          unit_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          after_ts INTEGER NOT NULL
        );
      `);
      // A store of an older build already holds positions the table does not cover: the report
      // goes on reading them until the table is rebuilt.
      const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM positions)').pluck().get() === 1;
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
        'unit_activity',
        empty ? 'complete' : 'stale',
      );
    },
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings a database up to {@link SCHEMA_VERSION}. Refuses a file from a newer build rather than
 * guessing at tables it does not know.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `This store was written by a newer Watchfloor (schema ${from}; this version reads up to ${latest}).`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}
