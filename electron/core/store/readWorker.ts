import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CoreMessageError, type CoreMessage } from '../../../shared/coreMessage';

/**
 * A worker thread for the heavy reads of the store (the report, the exports), so the core's event
 * loop goes on taking the feed meanwhile. The worker opens the store's file itself, read only
 * (SqliteStore.openReader), with the same build of the SQLite addon as the main store: it inherits
 * WATCHFLOOR_SQLITE_BINDING from the process environment, which electron/main.ts sets to the
 * Electron-ABI build before any store opens.
 */

/** A request as the worker receives it: `id` pairs it with its answer. */
export interface WorkerRequest<T> {
  id: number;
  job: T;
}

/**
 * The worker's answer to one request; a failure carries what to tell the officer, when the worker
 * knows it, as a message of the core (an Error's own fields do not cross to the thread that asked).
 */
export type WorkerAnswer<R> =
  { id: number; ok: true; result: R } | { id: number; ok: false; error: string; message?: CoreMessage };

/** A request the worker did not answer: it stopped (`exitCode`), or was stopped by {@link ReadWorker.close} (null). */
export class ReadWorkerStopped extends Error {
  constructor(readonly exitCode: number | null) {
    super(
      exitCode === null ? 'The read worker was closed.' : `The read worker stopped (exit code ${exitCode}).`,
    );
  }
}

/**
 * Where a worker entry beside `callerUrl` lives: the TypeScript source when the caller runs from
 * source (tests, the bench, the browser host under tsx), else the bundle electron-vite built beside
 * the main bundle (out/main/<name>.js, an entry of electron.vite.config.ts).
 */
export function workerEntry(callerUrl: string, name: string): string {
  const caller = fileURLToPath(callerUrl);
  return join(dirname(caller), `${name}${caller.endsWith('.ts') ? '.ts' : '.js'}`);
}

/**
 * Starts the worker at `entry`. A TypeScript entry is loaded through tsx (registered in the worker
 * itself: a worker does not inherit the parent's module hooks on Node 20).
 */
function spawn(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry);
  const tsx = join(
    dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  );
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)})
    .then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })
    .catch((error) => { console.error(error); process.exit(1); });`;
  return new Worker(boot, { eval: true });
}

/**
 * One worker thread answering requests in turn. Started on the first request; it holds the
 * process open only while a request is pending.
 */
export class ReadWorker<T, R> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();

  constructor(private readonly entry: string) {}

  /** Runs one job on the worker. */
  request(job: T): Promise<R> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job } satisfies WorkerRequest<T>);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn(this.entry);
    worker.unref();
    worker.on('message', (answer: WorkerAnswer<R>) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (answer.ok) waiting.resolve(answer.result);
      else waiting.reject(answer.message ? new CoreMessageError(answer.message) : new Error(answer.error));
    });
    const fail = (error: Error): void => {
      // A dead worker fails what it had and is started again by the next request.
      if (this.worker === worker) this.worker = null;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new ReadWorkerStopped(code)));
    this.worker = worker;
    return worker;
  }

  /** Stops the worker; a pending request fails ({@link ReadWorkerStopped}, no exit code). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new ReadWorkerStopped(null));
    this.pending.clear();
    if (worker) await worker.terminate();
  }
}
