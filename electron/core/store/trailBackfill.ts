import type { TrailStepJob } from './checkWorker';
import { PositionLog, type TrailBackfillMark, type TrailBackfillStep } from './PositionLog';
import { ReadWorker, ReadWorkerStopped, workerEntry } from './readWorker';

/** What the backfill needs of the store that holds it open (SqliteStore). */
export interface TrailBackfillTarget {
  /** The store's file, opened read only by the worker. */
  readonly path: string;
  /** The backfill still to do; null when the table is complete. */
  pending(): TrailBackfillMark | null;
  /** Applies a step in one transaction of the store's writer; false when it must be read again. */
  apply(step: TrailBackfillStep): boolean;
}

/** How the backfill ended. */
export interface TrailBackfillResult {
  /** False when it was stopped (the store closed) before the end: the next open resumes it. */
  complete: boolean;
  steps: number;
  ms: number;
}

/**
 * Builds the trail table of a store upgraded from schema 6 (migration 7 leaves it empty and
 * marked) after the open, so that the open stays under a second at any size: the store's
 * background worker (checkWorker.ts) reads each step on its own connection — a page of seqs,
 * newest first, each unit's last report of each minute merged into what the table holds — and
 * the core writes it in one short transaction with the mark moved down, so the live feed's
 * commits go on between steps and a step is never half written. A crash leaves the mark where
 * the last step put it: the next open goes on from there. Trails over minutes not built yet are
 * read in full meanwhile (PositionLog.trail).
 */
export class TrailBackfill {
  private worker: ReadWorker<TrailStepJob, TrailBackfillStep | null> | null = null;
  private stopped = false;

  constructor(
    private readonly target: TrailBackfillTarget,
    private readonly options: { pageSeqs?: number; onProgress?: (percent: number) => void } = {},
  ) {}

  /** Runs the backfill to its end (or until {@link stop}); the progress as whole percents. */
  async run(): Promise<TrailBackfillResult> {
    const started = performance.now();
    let steps = 0;
    let percent = -1;
    const worker = new ReadWorker<TrailStepJob, TrailBackfillStep | null>(
      workerEntry(import.meta.url, 'checkWorker'),
    );
    this.worker = worker;
    try {
      for (let refused = 0; !this.stopped;) {
        const mark = this.target.pending();
        if (!mark) break;
        const now = PositionLog.backfillPercent(mark);
        if (now !== percent) this.options.onProgress?.((percent = now));
        let step: TrailBackfillStep | null;
        try {
          step = await worker.request({
            kind: 'trailStep',
            path: this.target.path,
            ...(this.options.pageSeqs !== undefined ? { pageSeqs: this.options.pageSeqs } : {}),
          });
        } catch (error) {
          if (this.stopped && error instanceof ReadWorkerStopped) break;
          throw error;
        }
        if (this.stopped || !step) break;
        if (this.target.apply(step)) {
          steps++;
          refused = 0;
        } else if (++refused > 100) throw new Error('the store kept changing under the trail backfill');
      }
    } finally {
      this.worker = null;
      await worker.close();
    }
    const complete = !this.stopped && this.target.pending() === null;
    if (complete) this.options.onProgress?.(100);
    return { complete, steps, ms: Math.round(performance.now() - started) };
  }

  /** Stops after the step in hand, which is not applied (the store is closing). */
  stop(): void {
    this.stopped = true;
    void this.worker?.close();
  }
}
