import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import type { WorkerAnswer, WorkerRequest } from '../store/readWorker';
import { SqliteStore } from '../store/SqliteStore';
import { exportFailure } from './exportFailure';
import { writeExport } from './exportFiles';
import type { ExportJob } from './exportJob';
import { ReplaySession } from './ReplaySession';

/**
 * The read worker's entry (see ../store/readWorker.ts): writes one export at a time from its own
 * read-only connection to the store or archive replayed, so that folding and scanning a long
 * operation never holds the core's event loop. Jobs run one after another.
 */
const port = parentPort;
if (!port) throw new Error('exportWorker.ts runs as a worker thread only.');

let queue: Promise<void> = Promise.resolve();

port.on('message', ({ id, job }: WorkerRequest<ExportJob>) => {
  queue = queue.then(async () => {
    let answer: WorkerAnswer<null>;
    try {
      // Opened per job and closed after it: an archive the page closes must not stay held here.
      let store: SqliteStore;
      try {
        store = SqliteStore.openReader(job.source.path);
      } catch (error) {
        // The archive went away (a stick pulled out) or cannot be read any more: not the export's folder.
        throw new CoreMessageError(
          coreMessage('export.sourceUnreadable', { detail: (error as Error).message }),
        );
      }
      try {
        const session = new ReplaySession(
          { store: store.reader, kind: job.source.kind, validate: job.source.kind === 'archive' },
          job.operator,
        );
        await writeExport(job.kind, job.path, { ...job, session });
      } finally {
        store.close();
      }
      answer = { id, ok: true, result: null };
    } catch (error) {
      // Told here, where the error's code (ENOSPC, SQLITE_FULL…) is still known.
      const message = exportFailure(error, dirname(job.path));
      answer = { id, ok: false, error: message.text, message };
    }
    port.postMessage(answer);
  });
});
