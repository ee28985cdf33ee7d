import type Database from 'better-sqlite3';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { touchPrivateFile } from '../privateFiles';
import { migrate, SCHEMA_VERSION } from './migrations';
import { checkFile, openDatabase } from './openStore';
import { PositionLog } from './PositionLog';
import { TimedDatabase } from './TimedDatabase';

/** The mark an archive carries in its meta table. */
export const ARCHIVE_FORMAT = 'watchfloor-archive/1';
/**
 * Archives were introduced with schema 2. A later schema must still read archives from 2 on (or
 * say plainly that it cannot): they are opened read only, so they cannot be migrated.
 */
const ARCHIVE_MIN_SCHEMA = 2;

/** A file offered as an archive was refused; the message is for the user. */
export class ArchiveError extends CoreMessageError {}

/** What an archive says about itself. */
export interface ArchiveInfo {
  exportedAt: number;
  exportedBy: string;
  appVersion: string;
}

/**
 * Writes the operation of the store on `db` as one archive file: a consistent copy of the store
 * (taken while the live feed goes on), marked as an archive, in rollback-journal mode so that it
 * opens read only anywhere, without this workstation's settings and other operations' bookmarks.
 * The file appears under its name only once complete.
 */
export async function exportArchive(
  db: Database.Database,
  operationId: string | undefined,
  target: string,
  info: ArchiveInfo,
): Promise<void> {
  if (!operationId) throw new Error('There is nothing to export yet: this store holds no operation.');
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    // Owner-only before the first page is copied (SQLite would create it 0644 less the umask).
    touchPrivateFile(partial);
    // SQLite's online backup, a few hundred pages at a time with the event loop free between
    // steps: the live feed goes on being committed (through this same connection, so the copy
    // follows every commit and ends consistent) while gigabytes are copied.
    await db.backup(partial, { progress: () => 256 });
    const copy = openDatabase(partial, {});
    try {
      copy.pragma('journal_mode = DELETE');
      copy.transaction(() => {
        copy.prepare('DELETE FROM settings').run();
        copy.prepare('DELETE FROM bookmarks WHERE operation_id != ?').run(operationId);
        copy.prepare('DELETE FROM overlays WHERE operation_id != ?').run(operationId);
        const set = copy.prepare(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        );
        set.run('archive_format', ARCHIVE_FORMAT);
        set.run('archive_exported_at', String(info.exportedAt));
        set.run('archive_exported_by', info.exportedBy);
        set.run('archive_app_version', info.appVersion);
      })();
    } finally {
      copy.close();
    }
    rmSync(target, { force: true });
    renameSync(partial, target);
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
    throw error;
  }
}

/**
 * Opens an archive read only, for replay. Refuses, with a message for the user, anything that is
 * not a complete, intact Watchfloor archive of a schema this version reads; the file is never
 * written, and nothing else (the live store) is touched. An archive of an older schema is read from
 * a converted copy in `tempCopy` (a folder), to be removed when it is closed.
 */
export function openArchiveFile(path: string): { db: Database.Database; tempCopy: string | null } {
  const name = path.split(/[\\/]/).pop() ?? path;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ArchiveError(coreMessage('archive.notAFile', { name }));
    size = stat.size;
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(coreMessage('archive.unreadable', { name, detail: (error as Error).message }));
  }
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
    throw new ArchiveError(coreMessage('archive.notSqlite', { name }));
  }
  // A file in WAL mode is a live store (or a copy of one), not an export; opening it would also
  // write -wal and -shm files beside it, and fail on read-only media.
  if (header[18] === 2 || header[19] === 2) {
    throw new ArchiveError(coreMessage('archive.walMode', { name }));
  }
  // The header says how long the file must be: a copy cut short is caught before SQLite reads it.
  const pageSizeField = header.readUInt16BE(16);
  const pageSize = pageSizeField === 1 ? 65536 : pageSizeField;
  const pages = header.readUInt32BE(28);
  if (pages > 0 && size < pageSize * pages) {
    throw new ArchiveError(coreMessage('archive.truncated', { name, expected: pageSize * pages, size }));
  }
  let db: Database.Database;
  try {
    db = openDatabase(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new ArchiveError(coreMessage('archive.cannotOpen', { name, detail: (error as Error).message }));
  }
  let tempCopy: string | null = null;
  try {
    const tables = new Set(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    for (const table of ['meta', 'events', 'entities', 'positions', 'keyframes'])
      if (!tables.has(table)) throw new ArchiveError(coreMessage('archive.missingTable', { name, table }));
    // A file of another program can carry any user_version: what it holds is checked first.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < ARCHIVE_MIN_SCHEMA) throw new ArchiveError(coreMessage('archive.notWatchfloor', { name }));
    if (version > SCHEMA_VERSION)
      throw new ArchiveError(
        coreMessage('archive.newerVersion', { name, version, supported: SCHEMA_VERSION }),
      );
    const format =
      (db.prepare("SELECT value FROM meta WHERE key = 'archive_format'").pluck().get() as
        string | undefined) ?? null;
    if (format !== ARCHIVE_FORMAT)
      throw new ArchiveError(
        format === null
          ? coreMessage('archive.storeNotArchive', { name })
          : coreMessage('archive.unknownKind', { name, format: format.slice(0, 40) }),
      );
    const problems = checkFile(db, path);
    if (problems.length > 0)
      throw new ArchiveError(
        coreMessage('archive.damaged', { name, problems: problems.slice(0, 2).join('; ') }),
      );
    if (version < SCHEMA_VERSION) {
      // An archive of an older layout is never written to: a private copy is brought to this
      // layout and read instead (it costs the archive's size on the temporary disk until closed).
      db.close();
      tempCopy = mkdtempSync(join(tmpdir(), 'watchfloor-archive-'));
      const copy = join(tempCopy, 'archive.sqlite');
      copyFileSync(path, copy);
      db = openDatabase(copy, {});
      migrate(db);
      // Nothing runs in the background for an archive: its trail table is built here, on the copy.
      const positions = new PositionLog(new TimedDatabase(db));
      if (positions.trailBackfill()) db.transaction(() => positions.rebuildTrails())();
      db.close();
      db = openDatabase(copy, { readonly: true, fileMustExist: true });
    }
    return { db, tempCopy };
  } catch (error) {
    db.close();
    if (tempCopy) rmSync(tempCopy, { recursive: true, force: true });
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(coreMessage('archive.damagedDetail', { name, detail: (error as Error).message }));
  }
}

/** What an archive says about itself, from its meta table; null for a live store. */
export function archiveInfo(meta: (key: string) => string | undefined): ArchiveInfo | null {
  if (meta('archive_format') !== ARCHIVE_FORMAT) return null;
  return {
    exportedAt: Number(meta('archive_exported_at') ?? 0),
    exportedBy: meta('archive_exported_by') ?? '',
    appVersion: meta('archive_app_version') ?? '',
  };
}
