import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';

/**
 * Everything Watchfloor writes (stores, logs, settings, secrets, exports, archives) is the record
 * of an operation or a key to it: only this user may read it, whatever the umask. A mode given to
 * open() or mkdir() is masked by the umask and never changes what already exists, so each helper
 * also sets the mode explicitly. On Windows chmod only toggles the read-only flag and these modes
 * mean nothing: there the files are guarded by the ACL of the user's profile folder.
 */

/** Owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * A data folder of ours (created when missing, parents included) set to 0700, even one that an
 * older version created open. Only for folders Watchfloor owns: never a folder the user chose.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * The folder a file the user named will go in: created 0700 when missing, left as it is when it
 * exists (it is theirs, and may be shared on purpose).
 */
export function ensureParentDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Opens a file (flags as for fs.openSync) so that it is 0600 from the first byte: created with that
 * mode, and an existing file (an older version's, or one left behind) set to it.
 */
export function openPrivate(path: string, flags: 'a' | 'w' | 'wx' | 'r+' = 'a'): number {
  const fd = openSync(path, flags, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** Makes sure a file exists and is 0600 without touching its content (a store before SQLite opens it). */
export function touchPrivateFile(path: string): void {
  closeSync(openPrivate(path, 'a'));
}

/** Sets a file that exists to 0600; a missing one is fine (a store's -wal before the first write). */
export function makePrivate(path: string): void {
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
}

/** Writes a whole file, 0600, replacing what was there; flushed to disk when `sync` is set. */
export function writePrivateFile(path: string, data: string | Uint8Array, sync = false): void {
  const fd = openPrivate(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
