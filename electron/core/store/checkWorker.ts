import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import { PositionLog, type TrailBackfillStep } from './PositionLog';
import type { WorkerAnswer, WorkerRequest } from './readWorker';
import { TimedDatabase } from './TimedDatabase';

/**
 * The store's background worker entry, on its own read-only connection so that a store of any size
 * opens at once and the core's event loop goes on meanwhile: the full integrity check after an
 * unclean shutdown (see SqliteStore.checkInBackground), and the steps of the trail table's
 * backfill after an upgrade (trailBackfill.ts: the worker reads and merges, the core writes).
 */
export interface CheckJob {
  kind?: 'check';
  path: string;
}

/** One step of the trail table's backfill (PositionLog.trailBackfillStep); null when none is left. */
export interface TrailStepJob {
  kind: 'trailStep';
  path: string;
  pageSeqs?: number;
}

export type StoreJob = CheckJob | TrailStepJob;

const port = parentPort;
if (!port) throw new Error('checkWorker.ts runs as a worker thread only.');

function open(path: string): Database.Database {
  // The build of the SQLite addon the main store uses (Electron's ABI in the app: readWorker.ts).
  const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
  return new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(binding ? { nativeBinding: binding } : {}),
  });
}

function check(id: number, job: CheckJob): WorkerAnswer<string[]> {
  try {
    const db = open(job.path);
    try {
      const rows = db.pragma('integrity_check(20)') as Record<string, string>[];
      return { id, ok: true, result: rows.map((r) => Object.values(r)[0] ?? '') };
    } finally {
      db.close();
    }
  } catch (error) {
    // A file too damaged to read is damaged: said as the check's finding, not as a failed check.
    const code = String((error as { code?: string }).code);
    return /SQLITE_(CORRUPT|NOTADB)/.test(code)
      ? { id, ok: true, result: [(error as Error).message] }
      : { id, ok: false, error: (error as Error).message };
  }
}

function trailStep(id: number, job: TrailStepJob): WorkerAnswer<TrailBackfillStep | null> {
  try {
    const db = open(job.path);
    try {
      return { id, ok: true, result: new PositionLog(new TimedDatabase(db)).trailBackfillStep(job.pageSeqs) };
    } finally {
      db.close();
    }
  } catch (error) {
    return { id, ok: false, error: (error as Error).message };
  }
}

port.on('message', ({ id, job }: WorkerRequest<StoreJob>) => {
  // Copied to the core's thread (a few blobs of some KB a step; Buffers may share a pooled memory).
  port.postMessage(job.kind === 'trailStep' ? trailStep(id, job) : check(id, job));
});
