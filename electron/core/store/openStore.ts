import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import { makePrivate, touchPrivateFile, writePrivateFile } from '../privateFiles';
import type { CheckJob } from './checkWorker';
import { migrate } from './migrations';
import { ReadWorker, workerEntry } from './readWorker';

/** Raised when another Watchfloor already has the store open (`store.locked`, said in the officer's language). */
export class StoreLockedError extends CoreMessageError {}

/** How the store was opened, for the user to read. */
export interface OpenNotice {
  /** Set when the file was corrupt and moved aside; the store starts empty and refills from the server. */
  movedAside?: string;
  /**
   * Which check the open ran: none after a clean close (so a store of any size opens at once), or the
   * integrity check (quick_check on a large file) when the last session did not close it (a crash,
   * a power cut, a killed process) or the file is new to this build.
   */
  check?: 'skipped-clean-close' | 'integrity_check' | 'quick_check' | 'background';
}

/** What the background check found (see {@link checkInBackground}). */
export interface BackgroundCheck {
  sound: boolean;
  /** The first problems integrity_check reported; empty when sound. */
  problems: string[];
  ms: number;
}

/** Options of the store's open. */
export interface OpenOptions {
  log?: (line: string) => void;
  now?: () => number;
  /**
   * After an unclean shutdown, open at once and leave the full check to {@link checkInBackground}
   * (the core does), for a file of at least `backgroundCheckFromBytes` (64 MB by default: below
   * that the check takes well under a second).
   */
  backgroundCheck?: boolean;
  backgroundCheckFromBytes?: number;
  /** A query slower than this is logged and kept for the diagnostics (TimedDatabase). Default 100 ms. */
  slowQueryMs?: number;
}

/**
 * The meta key that says whether the last session closed the store: `closed` is written by the
 * store's close as its last write, `open` right after the open. A store that still says `open`
 * when it is opened was not closed, and is checked before it is trusted.
 */
export const OPEN_STATE_KEY = 'open_state';

/** Above this size the open check is quick_check, which skips the index cross-check that takes minutes on a large file. */
const FULL_CHECK_BELOW_BYTES = 256 * 1024 * 1024;
const BACKGROUND_CHECK_FROM_BYTES = 64 * 1024 * 1024;
/**
 * Beside a store the background check found damaged: the next open moves the store aside at once,
 * as an open that finds the damage itself does.
 */
const DAMAGED_SUFFIX = '.damaged';

/**
 * Opens (or creates) the store's file: refuses a file another instance holds, checks a file the
 * last session did not close (or leaves that to the background for a large one), moves a corrupt
 * file aside (with its WAL) to start empty, migrates the schema forward and marks the file open.
 */
export function openStore(
  path: string,
  options: OpenOptions = {},
): { db: Database.Database; notice: OpenNotice } {
  const log = options.log ?? (() => {});
  const notice: OpenNotice = {};
  let db: Database.Database;
  try {
    db = connect(path);
    const damaged = existsSync(path + DAMAGED_SUFFIX);
    if (damaged) {
      release(db);
      const found = readFileSync(path + DAMAGED_SUFFIX, 'utf8').slice(0, 500);
      rmSync(path + DAMAGED_SUFFIX, { force: true });
      throw Object.assign(new Error(`found by the background check: ${found}`), { corrupt: true });
    }
    const clean = closedCleanly(db);
    const size = existsSync(path) ? statSync(path).size : 0;
    const background =
      !clean &&
      options.backgroundCheck === true &&
      size >= (options.backgroundCheckFromBytes ?? BACKGROUND_CHECK_FROM_BYTES);
    if (background) notice.check = 'background';
    const problems = clean || background ? [] : checkFile(db, path, notice, log);
    if (!notice.check) notice.check = 'skipped-clean-close';
    if (problems.length > 0) {
      release(db);
      throw Object.assign(new Error(problems.slice(0, 3).join('; ')), { corrupt: true });
    }
  } catch (error) {
    if (error instanceof StoreLockedError) throw error;
    const corrupt =
      (error as { corrupt?: boolean; code?: string }).corrupt === true ||
      /SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: string }).code));
    if (!corrupt || !existsSync(path)) throw error;
    const aside = `${path}.corrupt-${new Date(options.now?.() ?? Date.now()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    notice.movedAside = aside;
    log(
      `store ${path} failed its integrity check (${(error as Error).message}); moved aside to ${aside}, rebuilding from the server`,
    );
    db = connect(path);
  }
  try {
    migrate(db);
    db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(OPEN_STATE_KEY, 'open');
    return { db, notice };
  } catch (error) {
    // Release the lock: a refused file must not stay locked for the life of the process.
    release(db);
    throw error;
  }
}

function connect(path: string): Database.Database {
  // SQLite creates a database 0644 less the umask and gives its -wal and -shm the database's
  // mode: the file is made owner-only first (an empty file is an empty database), and a WAL an
  // older version left readable is closed after the first write below has opened it.
  const onDisk = path !== '' && path !== ':memory:';
  if (onDisk) touchPrivateFile(path);
  // No busy wait: a second instance should be told at once, not hang.
  const lock = onDisk ? holdLock(path) : null;
  let db: Database.Database;
  try {
    db = openDatabase(path, { timeout: 0 });
  } catch (error) {
    lock?.close();
    throw error;
  }
  if (lock) locks.set(db, lock);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Bound the WAL: truncate it back to this size after each checkpoint.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('wal_autocheckpoint = 2000');
    db.pragma('foreign_keys = ON');
    // A write now, so that a store an older build holds exclusively is refused here and not later.
    db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS _lock_probe (x); DROP TABLE _lock_probe; COMMIT;');
    if (onDisk) for (const suffix of ['-wal', '-shm']) makePrivate(path + suffix);
  } catch (error) {
    release(db);
    if (isBusy(error)) throw lockedError(path);
    throw error;
  }
  return db;
}

/**
 * Whether the last session closed this file ({@link OPEN_STATE_KEY}). A file with no meta table yet
 * (new, or not a store) reads as not closed; one too damaged to read throws, as the check would.
 */
function closedCleanly(db: Database.Database): boolean {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return false;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(OPEN_STATE_KEY) as
    { value: string } | undefined;
  return row?.value === 'closed';
}

/** The integrity check (quick_check for a large file); the problems found, none when sound. */
export function checkFile(
  db: Database.Database,
  path: string,
  notice: OpenNotice = {},
  log: (line: string) => void = () => {},
): string[] {
  const size = existsSync(path) ? statSync(path).size : 0;
  const pragma = size < FULL_CHECK_BELOW_BYTES ? 'integrity_check' : 'quick_check';
  const started = performance.now();
  const rows = db.pragma(`${pragma}(20)`) as Record<string, string>[];
  notice.check = pragma;
  const results = rows.map((r) => Object.values(r)[0] ?? '');
  const sound = results.length === 1 && results[0] === 'ok';
  if (size > 0)
    log(
      `store ${path} was not closed by the last session: ${pragma} of ${(size / 1048576).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms, ${sound ? 'sound' : 'damaged'}`,
    );
  return sound ? [] : results;
}

/**
 * The full integrity check of a store opened with its check left to the background, on a worker
 * thread with its own read-only connection. A damaged file is marked, and moved aside at the next
 * open (the picture is then rebuilt from the server).
 */
export async function checkInBackground(path: string, log: (line: string) => void): Promise<BackgroundCheck> {
  const started = performance.now();
  const worker = new ReadWorker<CheckJob, string[]>(workerEntry(import.meta.url, 'checkWorker'));
  let results: string[];
  try {
    results = await worker.request({ path });
  } finally {
    await worker.close();
  }
  const ms = Math.round(performance.now() - started);
  const sound = results.length === 1 && results[0] === 'ok';
  if (!sound) writePrivateFile(path + DAMAGED_SUFFIX, results.slice(0, 5).join('\n'));
  log(
    `store ${path} was not closed by the last session: integrity_check in the background in ${ms} ms, ${sound ? 'sound' : `damaged (${results.slice(0, 3).join('; ')})`}`,
  );
  return { sound, problems: sound ? [] : results.slice(0, 20), ms };
}

/**
 * Opens an SQLite file with the right build of the addon: in Electron it must be the build for
 * Electron's ABI, kept apart from Node's and named by WATCHFLOOR_SQLITE_BINDING (docs/packaging.md).
 */
export function openDatabase(path: string, options: Database.Options): Database.Database {
  const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
  return new Database(path, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

/** The lock file held by each open store's connection. */
const locks = new WeakMap<Database.Database, Database.Database>();

/**
 * Takes the store's lock: an exclusive lock on a small SQLite file beside it (`<store>.lock`), held
 * until the store closes. The store itself is opened in normal locking mode so that the read
 * worker (readWorker.ts) can read it while the feed is written; the OS drops the lock when the
 * process dies, so a crash never leaves a stale lock behind, and a second instance is refused at
 * once.
 */
function holdLock(path: string): Database.Database {
  const lockPath = `${path}.lock`;
  touchPrivateFile(lockPath);
  const lock = openDatabase(lockPath, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // In exclusive mode the first write's lock is kept until the connection closes.
    lock.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS held (x); DELETE FROM held; COMMIT;');
    return lock;
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw lockedError(path);
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/.test(
    `${(error as { code?: string }).code} ${(error as Error).message}`,
  );
}

function lockedError(path: string): StoreLockedError {
  return new StoreLockedError(coreMessage('store.locked', { path }));
}

/** Closes a connection and the lock it holds. */
export function release(db: Database.Database): void {
  db.close();
  locks.get(db)?.close();
  locks.delete(db);
}
