import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreMessageError } from '../../../shared/coreMessage';
import { getEmptyState } from '../../../shared/state';
import { coreMessageText } from '../i18n/coreTranslations';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { SqliteStore, StoreLockedError } from './SqliteStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('store migrations', () => {
  it('migration 1 creates every table of the design on an empty file', () => {
    const db = new Database(join(dir, 'm.sqlite'));
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1 });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'bookmarks',
        'entities',
        'events',
        'keyframes',
        'meta',
        'outbox',
        'positions',
        'quarantine',
        'settings',
      ]),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    // Version 2 adds replay's index and local bookmarks per operation, on a store of version 1.
    expect(migrate(db)).toEqual({ from: 1, to: SCHEMA_VERSION });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all()).toEqual(
      expect.arrayContaining(['events_log', 'bookmarks_operation']),
    );
    expect(
      (db.prepare('PRAGMA table_info(bookmarks)').all() as { name: string }[]).map((c) => c.name),
    ).toContain('operation_id');
    // The replay's event list reads through the partial index, not the whole log.
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE type != 'unit.position' AND ts <= 1 ORDER BY ts DESC, seq DESC LIMIT 5",
      )
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/events_log/);
    // Running it again changes nothing.
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    db.close();
  });

  it('refuses a store written by a newer version, and leaves it untouched', () => {
    const path = join(dir, 'newer.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(/newer Watchfloor/);
    const again = new Database(path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });
});

describe('store file', () => {
  it('uses WAL with synchronous=FULL and a bounded journal', () => {
    const { store } = SqliteStore.open(join(dir, 's.sqlite'));
    const db = new Database(join(dir, 's.sqlite'), { readonly: true, timeout: 0 });
    // A reader (the report's worker) reads the store while it is open; a second store may not open it.
    expect(db.prepare("SELECT value FROM meta WHERE key = 'open_state'").pluck().get()).toBe('open');
    expect(() => SqliteStore.open(join(dir, 's.sqlite'))).toThrow(StoreLockedError);
    // Said to the officer in their language (the desktop app's start-up box, the host's terminal).
    let locked: unknown;
    try {
      SqliteStore.open(join(dir, 's.sqlite'));
    } catch (error) {
      locked = error;
    }
    expect(locked).toBeInstanceOf(CoreMessageError);
    expect((locked as CoreMessageError).coreMessage).toMatchObject({
      code: 'store.locked',
      params: { path: join(dir, 's.sqlite') },
    });
    expect(coreMessageText((locked as CoreMessageError).coreMessage, 'mk')).toContain('друг прозорец');
    db.close();
    store.close();
    const check = new Database(join(dir, 's.sqlite'));
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
  });

  it('moves a corrupt file aside with a clear notice and starts empty', () => {
    const path = join(dir, 'bad.sqlite');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 7)]));
    const { store, notice } = SqliteStore.open(path, { now: () => Date.UTC(2026, 10, 1) });
    expect(notice.movedAside).toMatch(/bad\.sqlite\.corrupt-2026-11-01/);
    expect(existsSync(notice.movedAside!)).toBe(true);
    expect(store.liveLog.loadState().position.lastSeq).toBe(0);
    store.close();
  });

  it('skips the integrity check after a clean close, and checks a store the last session left open', () => {
    const path = join(dir, 'clean.sqlite');
    const first = SqliteStore.open(path);
    expect(first.notice.check).toBe('integrity_check'); // new to this build: checked once
    first.store.close();
    const lines: string[] = [];
    const second = SqliteStore.open(path, { log: (line) => lines.push(line) });
    expect(second.notice.check).toBe('skipped-clean-close');
    expect(lines).toEqual([]);
    second.store.close();
    // What a crash leaves on disk: the mark the open wrote, never replaced by the close's.
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = 'open' WHERE key = 'open_state'").run();
    raw.close();
    const third = SqliteStore.open(path, { log: (line) => lines.push(line) });
    expect(third.notice.check).toBe('integrity_check');
    expect(lines.join('\n')).toMatch(/was not closed by the last session: integrity_check .* sound/);
    third.store.close();
  });

  it('leaves the full check of an uncleanly closed store to a worker and opens at once', () => {
    const path = join(dir, 'background.sqlite');
    SqliteStore.open(path).store.close();
    const leaveOpen = (): void => {
      const raw = new Database(path);
      raw.prepare("UPDATE meta SET value = 'open' WHERE key = 'open_state'").run();
      raw.close();
    };
    leaveOpen();
    const lines: string[] = [];
    const options = {
      log: (line: string) => lines.push(line),
      backgroundCheck: true,
      backgroundCheckFromBytes: 0,
    };
    const first = SqliteStore.open(path, options);
    expect(first.notice.check).toBe('background');
    expect(lines).toEqual([]);
    // Closed before the check found it sound: still marked open, so the next open checks it.
    first.store.close();
    const second = SqliteStore.open(path, options);
    expect(second.notice.check).toBe('background');
    second.store.close();
  });

  it('checks in the background, says what it found, and marks the store closed once sound', async () => {
    const path = join(dir, 'background-sound.sqlite');
    SqliteStore.open(path).store.close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = 'open' WHERE key = 'open_state'").run();
    raw.close();
    const lines: string[] = [];
    const { store, notice } = SqliteStore.open(path, {
      log: (line) => lines.push(line),
      backgroundCheck: true,
      backgroundCheckFromBytes: 0,
    });
    expect(notice.check).toBe('background');
    expect(store.liveLog.loadState().position.lastSeq).toBe(0);
    const result = await store.checkInBackground();
    expect(result).toMatchObject({ sound: true, problems: [] });
    expect(lines.join('\n')).toMatch(/integrity_check in the background in \d+ ms, sound/);
    store.close();
    expect(SqliteStore.open(path, { backgroundCheck: true, backgroundCheckFromBytes: 0 }).notice.check).toBe(
      'skipped-clean-close',
    );
  });

  it('moves aside at the next open a store the background check found damaged', async () => {
    const path = join(dir, 'background-damaged.sqlite');
    SqliteStore.open(path).store.close();
    const raw = new Database(path);
    const insert = raw.prepare(
      "INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, 'x.test', '{}', 0)",
    );
    raw.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(i + 1, `e${i + 1}`, i * 1000);
    })();
    raw.prepare("UPDATE meta SET value = 'open' WHERE key = 'open_state'").run();
    const root = raw
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'events_log'")
      .pluck()
      .get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    // Garbage over the second half of the index's root page, where its cells are (they fill the
    // page from its end): the open does not read the index, the check does.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize / 2, 0xa5), 0, pageSize / 2, (root - 1) * pageSize + pageSize / 2);
    closeSync(fd);
    const { store, notice } = SqliteStore.open(path, { backgroundCheck: true, backgroundCheckFromBytes: 0 });
    expect(notice.check).toBe('background');
    const result = await store.checkInBackground();
    expect(result.sound).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
    store.close();
    const again = SqliteStore.open(path, { backgroundCheck: true, now: () => Date.UTC(2026, 10, 2) });
    expect(again.notice.movedAside).toMatch(/background-damaged\.sqlite\.corrupt-2026-11-02/);
    expect(existsSync(again.notice.movedAside!)).toBe(true);
    expect(existsSync(`${path}.damaged`)).toBe(false);
    expect(again.store.rowCounts().events).toBe(0);
    again.store.close();
  });

  it('checks a store whose process died without closing it', () => {
    const path = join(dir, 'crash.sqlite');
    const script = `
      import { SqliteStore } from ${JSON.stringify(join(import.meta.dirname, 'SqliteStore.ts'))};
      SqliteStore.open(${JSON.stringify(path)});
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    const { store, notice } = SqliteStore.open(path);
    expect(notice.check).toBe('integrity_check');
    expect(notice.movedAside).toBeUndefined();
    store.close();
  });

  it('moves aside a file that is not a database at all', () => {
    const path = join(dir, 'notadb.sqlite');
    writeFileSync(path, 'these are not the pages you are looking for'.repeat(200));
    const { store, notice } = SqliteStore.open(path);
    expect(notice.movedAside).toBeDefined();
    store.close();
  });

  it('refuses a second opener of the same file', () => {
    const path = join(dir, 'lock.sqlite');
    const { store } = SqliteStore.open(path);
    expect(() => SqliteStore.open(path)).toThrow(StoreLockedError);
    store.close();
    SqliteStore.open(path).store.close();
  });

  it('keeps quarantined messages with their reason, bounded in size', () => {
    const { store } = SqliteStore.open(join(dir, 'q.sqlite'));
    store.quarantine.quarantine([
      { reason: 'lat: too big', raw: { huge: 'x'.repeat(100_000) }, receivedAt: 1 },
    ]);
    const [entry] = store.quarantine.entries();
    expect(entry!.reason).toBe('lat: too big');
    expect(entry!.raw.length).toBe(16_384);
    expect(entry!.rawBytes).toBeGreaterThan(100_000);
    expect(store.quarantine.count()).toBe(1);
    store.close();
  });

  it('reloads the committed state and position exactly', () => {
    const path = join(dir, 'reload.sqlite');
    const { store } = SqliteStore.open(path);
    const next = {
      ...getEmptyState(),
      bookmarks: { B1: { bookmarkId: 'B1', label: 'Handover at Karakaj', author: 'x', at: 5 as never } },
    };
    store.liveLog.commitBatch({
      events: [
        { seq: 1, id: 'e1', ts: 5, type: 'bookmark.added', payload: { bookmarkId: 'B1' }, known: true },
      ],
      previous: getEmptyState(),
      next,
      receivedAt: 99,
    });
    store.close();
    const reopened = SqliteStore.open(path).store;
    expect(reopened.liveLog.loadState()).toEqual({
      state: next,
      position: { operationId: null, lastSeq: 1, lastReceivedAt: 99, lastEventTs: 5 },
    });
    reopened.close();
  });
});

describe('outbox', () => {
  it('shows the newest finished commands, oldest first, then every pending one', () => {
    const { store } = SqliteStore.open(join(dir, 'o.sqlite'));
    for (let i = 0; i < 5; i++) {
      store.outbox.add({
        commandId: `C${i}`,
        type: 'incident.acknowledge',
        payload: { incidentId: `I${i}` },
        issuedBy: 'x',
        createdAt: i,
      });
    }
    for (const id of ['C0', 'C1', 'C3']) store.outbox.result(id, { status: 'acked', seqs: [1] }, 10);
    expect(store.outbox.recent(2).map((e) => e.commandId)).toEqual(['C1', 'C3', 'C2', 'C4']);
    store.close();
  });
});
