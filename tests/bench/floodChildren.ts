/**
 * The flood bench's processes: the reference server with the flood's injection loop
 * (floodServerChild.ts) and the browser host (floodHostChild.ts) each run in a Node process of
 * their own, so the bench's process keeps only the Playwright driver. A driver that shares its
 * event loop with a 20,000 events/s flood sends its click only when the flood lets it, and so
 * measures its own starvation rather than the page.
 *
 * Each child talks over the IPC channel of `fork`: it sends `ready` once up, answers requests
 * by `id`, and stops on `stop`, on SIGINT/SIGTERM, or when the channel closes (this process gone).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The reference server's token between the children. */
export const CHILD_TOKEN = 'bench-token';

/** A message between the bench and a child. */
export type ChildMessage = { type: string; id?: number } & Record<string, unknown>;

export interface BenchChild {
  /** The child's `ready` message. */
  ready: ChildMessage;
  /** Sends `message` and resolves with the child's first message of type `answer` (and same id). */
  ask(message: ChildMessage, answer: string, timeoutMs?: number): Promise<ChildMessage>;
  /** Resolves with the child's next message of type `type`. */
  next(type: string): Promise<ChildMessage>;
  /** Asks the child to stop, kills it after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Children still running, killed by {@link killChildren} when the bench is interrupted. */
const running = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL): for exit paths that cannot wait. */
export function killChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Forks `tests/bench/<script>` under tsx with `args`, and resolves once it says `ready`
 * (rejects if it exits first or is not ready within `readyMs`).
 */
export async function forkChild(script: string, args: string[], readyMs = 300_000): Promise<BenchChild> {
  const child = fork(join(process.cwd(), 'tests', 'bench', script), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  void exited.then(() => running.delete(child));

  const waiters: { match: (m: ChildMessage) => boolean; resolve: (m: ChildMessage) => void }[] = [];
  child.on('message', (raw) => {
    const message = raw as ChildMessage;
    const at = waiters.findIndex((w) => w.match(message));
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
  });
  const wait = (
    match: (m: ChildMessage) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: ChildMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${script}: no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      waiters.push(waiter);
      void exited.then(() => {
        if (!waiters.includes(waiter)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        clearTimeout(timer);
        reject(new Error(`${script} exited (code ${child.exitCode ?? child.signalCode}) before its ${what}`));
      });
    });

  let nextId = 1;
  const handle: BenchChild = {
    ready: { type: 'ready' },
    ask(message, answer, timeoutMs = 60_000) {
      const id = nextId++;
      const answered = wait((m) => m.type === answer && m.id === id, timeoutMs, answer);
      child.send({ ...message, id });
      return answered;
    },
    next(type) {
      return wait((m) => m.type === type, 24 * 3600_000, type);
    },
    async stop(graceMs = 30_000) {
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    handle.ready = await wait((m) => m.type === 'ready', readyMs, 'ready');
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return handle;
}

/**
 * In a child: calls `stop` once, on the bench's `stop`, on SIGINT/SIGTERM or when the bench's
 * process is gone (the IPC channel closes), then exits.
 */
export function stopOnRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const end = (): void => {
    if (stopping) return;
    stopping = true;
    void stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('message', (raw) => {
    if ((raw as ChildMessage).type === 'stop') end();
  });
  process.on('disconnect', end);
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
}

/** In a child: sends a message to the bench. */
export function tell(message: ChildMessage): void {
  process.send?.(message);
}
