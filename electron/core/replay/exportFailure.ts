import { coreMessage, CoreMessageError, type CoreMessage } from '../../../shared/coreMessage';
import { ReadWorkerStopped } from '../store/readWorker';

/** The system's codes (Node's errno, SQLite's) of a failed write, and what each tells the officer. */
const BY_CODE = {
  ENOSPC: 'export.diskFull',
  EDQUOT: 'export.diskFull',
  SQLITE_FULL: 'export.diskFull',
  EACCES: 'export.permissionDenied',
  EPERM: 'export.permissionDenied',
  SQLITE_PERM: 'export.permissionDenied',
  EROFS: 'export.readOnly',
  SQLITE_READONLY: 'export.readOnly',
  ENOENT: 'export.folderMissing',
  ENOTDIR: 'export.folderMissing',
  EFBIG: 'export.tooLarge',
  SQLITE_TOOBIG: 'export.tooLarge',
} as const;

/**
 * Why an export was not written, as a message of the core for the officer: a full disk, a folder
 * this user may not write to, a read-only disk, a folder that went away, a file too large for the
 * disk, an export stopped with its worker; the system's own words under `export.failed` for the
 * rest. A message the failure already carries (the source refused, nothing to export) is kept.
 * `folder` is the exports folder, named in the message as it is.
 */
export function exportFailure(error: unknown, folder: string): CoreMessage {
  if (error instanceof CoreMessageError) return error.coreMessage;
  if (error instanceof ReadWorkerStopped)
    return error.exitCode === null
      ? coreMessage('export.cancelled')
      : coreMessage('export.workerStopped', { code: error.exitCode });
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_…) are read by their family.
  const family = typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : '';
  if (Object.hasOwn(BY_CODE, family)) return coreMessage(BY_CODE[family as keyof typeof BY_CODE], { folder });
  return coreMessage('export.failed', {
    detail: error instanceof Error ? error.message : String(error),
  });
}
