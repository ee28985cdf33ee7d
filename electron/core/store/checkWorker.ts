import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { WorkerAnswer, WorkerRequest } from './readWorker';

/**
 * The background integrity check's worker entry (see SqliteStore.checkInBackground): runs the full
 * integrity_check of a store on its own read-only connection, so a store of any size opens at once
 * after an unclean shutdown and the core's event loop goes on meanwhile.
 */
export interface CheckJob {
  path: string;
}

const port = parentPort;
if (!port) throw new Error('checkWorker.ts runs as a worker thread only.');

port.on('message', ({ id, job }: WorkerRequest<CheckJob>) => {
  let answer: WorkerAnswer<string[]>;
  try {
    const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
    const db = new Database(job.path, {
      readonly: true,
      fileMustExist: true,
      ...(binding ? { nativeBinding: binding } : {}),
    });
    try {
      const rows = db.pragma('integrity_check(20)') as Record<string, string>[];
      answer = { id, ok: true, result: rows.map((r) => Object.values(r)[0] ?? '') };
    } finally {
      db.close();
    }
  } catch (error) {
    // A file too damaged to read is damaged: said as the check's finding, not as a failed check.
    const code = String((error as { code?: string }).code);
    answer = /SQLITE_(CORRUPT|NOTADB)/.test(code)
      ? { id, ok: true, result: [(error as Error).message] }
      : { id, ok: false, error: (error as Error).message };
  }
  port.postMessage(answer);
});
