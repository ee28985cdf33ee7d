import { parentPort, threadId } from 'node:worker_threads';

/** A worker entry for readWorker.test.ts: doubles a number, refuses a negative one, says its thread. */
const port = parentPort;
if (port)
  port.on('message', ({ id, job }: { id: number; job: number }) => {
    if (job < 0) port.postMessage({ id, ok: false, error: 'negative' });
    else port.postMessage({ id, ok: true, result: { threadId, doubled: job * 2 } });
  });
