import type Database from 'better-sqlite3';
import { isCompactPosition, PositionLog, type PositionEvent } from './PositionLog';
import { TimedDatabase } from './TimedDatabase';

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
  {
    version: 4,
    description:
      'position reports in a layout made for volume: integer-scaled rows keyed by seq, a time index of spans',
    up(db) {
      // Versions 2 and 3 kept each report twice: its JSON in the log and a row of five REALs and the
      // unit's name (264-276 MB per million reports). From 4 on a report is one row of `positions` keyed
      // by its seq (appended in order, so pages are full): the unit by a key into `unit_keys`,
      // lon/lat as integers of 1e-7 degree, heading and speed in tenths, the envelope time and the
      // report's time as a difference (0 bytes when equal), the event's id only when it is not
      // the operation's prefix and the seq; a value that would not survive the scaling exactly is
      // kept as received (flag RAW), so a fold of the log gives the live state exactly. The log is
      // `events` (everything else) and `positions` merged by seq. `position_spans` (one row per
      // up to 4,096 reports: their seq range and time ranges) is the time index: a seek reads the
      // spans its window touches, one range of rows per run of spans, with no index per row.
      // `unit_positions` is each unit's current position (the reducer's), for the reload.
      db.exec(`
        CREATE TABLE unit_keys (unit_key INTEGER PRIMARY KEY, unit_id TEXT NOT NULL UNIQUE);
        CREATE TABLE unit_positions (
          unit_id TEXT PRIMARY KEY, lon REAL NOT NULL, lat REAL NOT NULL, heading REAL NOT NULL,
          speed REAL NOT NULL, accuracy REAL NOT NULL, at INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Each unit's position as the version 2 and 3 reload made it: its newest report.
        INSERT INTO unit_positions (unit_id, lon, lat, heading, speed, accuracy, at)
          SELECT e.id, p.lon, p.lat, p.heading, p.speed, p.accuracy, p.ts FROM entities e
          JOIN positions p ON p.rowid = (
            SELECT rowid FROM positions WHERE unit_id = e.id ORDER BY ts DESC, seq DESC LIMIT 1)
          WHERE e.kind = 'units';
        ALTER TABLE positions RENAME TO positions_v2;
        DROP INDEX positions_unit_ts;
        CREATE INDEX positions_v2_seq ON positions_v2 (seq);
        CREATE TABLE positions (
          seq INTEGER PRIMARY KEY,
          unit_key INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          at_delta INTEGER NOT NULL,
          lon INTEGER NOT NULL,
          lat INTEGER NOT NULL,
          heading INTEGER NOT NULL,
          speed INTEGER NOT NULL,
          accuracy INTEGER NOT NULL,
          flags INTEGER NOT NULL,
          id TEXT
        );
        CREATE TABLE position_spans (
          first_seq INTEGER PRIMARY KEY,
          last_seq INTEGER NOT NULL,
          count INTEGER NOT NULL,
          min_ts INTEGER NOT NULL,
          max_ts INTEGER NOT NULL,
          min_at INTEGER NOT NULL,
          max_at INTEGER NOT NULL
        );
      `);
      // The reports move out of the log in pages. One that versions 2 and 3 left out of its positions
      // table (a report about a unit not held then) stays out of trails (ORPHAN). The writer is
      // this build's, so a store moved here reads exactly as one written here.
      const log = new PositionLog(new TimedDatabase(db), { trailTable: false });
      const page = db.prepare<
        [number],
        { seq: number; id: string; ts: number; payload: string; held: number }
      >(
        `SELECT e.seq, e.id, e.ts, e.payload, EXISTS (SELECT 1 FROM positions_v2 p WHERE p.seq = e.seq) AS held
         FROM events e WHERE e.type = 'unit.position' AND e.known = 1 AND e.seq > ? ORDER BY e.seq LIMIT 4096`,
      );
      const remove = db.prepare<[number]>('DELETE FROM events WHERE seq = ?');
      for (let after = 0; ;) {
        const rows = page.all(after);
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.seq;
        const moved: { event: PositionEvent; orphan: boolean }[] = [];
        for (const r of rows) {
          const event = {
            seq: r.seq,
            id: r.id,
            ts: r.ts,
            type: 'unit.position',
            known: true,
            payload: JSON.parse(r.payload) as Record<string, unknown>,
          };
          if (!isCompactPosition(event)) continue;
          moved.push({ event, orphan: r.held === 0 });
          remove.run(r.seq);
        }
        log.append(moved);
      }
      db.exec('DROP TABLE positions_v2;');
    },
  },
  {
    version: 5,
    description: "overlays: partners' KML, KMZ, GPX and GeoJSON files, checked, kept per operation",
    up(db) {
      // Kept on this workstation like the local bookmarks: per operation, so that an operation's
      // overlays come back after a restart and never show over another's. `geojson` is the checked
      // collection (shared/overlay.ts), never the file as opened.
      db.exec(`
        CREATE TABLE overlays (
          overlay_id TEXT PRIMARY KEY,
          operation_id TEXT NOT NULL,
          name TEXT NOT NULL,
          format TEXT NOT NULL,
          feature_count INTEGER NOT NULL,
          vertex_count INTEGER NOT NULL,
          visible INTEGER NOT NULL DEFAULT 1,
          added_at INTEGER NOT NULL,
          geojson TEXT NOT NULL
        );
        CREATE INDEX overlays_operation ON overlays (operation_id, added_at);
      `);
    },
  },
  {
    version: 6,
    description: 'the TAK layer: every CoT event received from a TAK server, placed on the operation clock',
    up(db) {
      // One row per CoT event received (the newest per uid is the layer). `op_at` is the operation
      // time when it arrived and `op_stale_at` when it goes stale on that clock, so replay shows
      // the TAK tracks of the moment it replays (electron/core/tak/TakLog.ts).
      db.exec(`
        CREATE TABLE tak_tracks (
          id INTEGER PRIMARY KEY,
          uid TEXT NOT NULL,
          op_at INTEGER NOT NULL,
          op_stale_at INTEGER NOT NULL,
          received_at INTEGER NOT NULL,
          track TEXT NOT NULL
        );
        CREATE INDEX tak_tracks_at ON tak_tracks (op_at);
      `);
    },
  },
  {
    version: 7,
    description: "trails: each unit's last report of each minute, kept at ingest, for a seek's trails",
    up(db) {
      // A seek's 15-minute trails of 1,000 units were every report in the window (90,000, read,
      // parsed and sent: a quarter of a second). `trail_buckets` holds one row per minute of report
      // time: each unit's last report of it, as a deflated blob of integer-scaled points
      // (PositionLog.ts, about 1.4 MB per million reports), so the trails are a few rows. Full
      // tracks (exports, GPX) still read `positions`. A store of an older build gets the table empty
      // and marked to be built (meta `trail_backfill`): building it here took 15-40 s at the open
      // of a 72-hour store, so the core builds it on a worker after the open (trailBackfill.ts),
      // while trails over minutes not built yet are read in full. (Until this build the backfill
      // ran here; a store that ran it carries no mark, and ends as one built in the background.)
      db.exec('CREATE TABLE trail_buckets (bucket INTEGER PRIMARY KEY, points BLOB NOT NULL);');
      new PositionLog(new TimedDatabase(db)).markTrailBackfill();
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
