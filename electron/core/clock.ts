/**
 * Time as the core sees it, injected so that backoff, staleness, heartbeats and batching are
 * tested by moving a fake clock instead of sleeping.
 */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** An opaque timer handle. */
export type ClockTimer = { readonly __timer: unique symbol } | object;

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    // The core's timers never keep a process alive on their own.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/** A clock that moves only when told to, for tests. */
export class ManualClock implements Clock {
  private time: number;
  private timers = new Map<object, { at: number; run: () => void }>();

  constructor(start = Date.UTC(2026, 9, 5, 6)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): ClockTimer {
    const handle = {};
    this.timers.set(handle, { at: this.time + Math.max(0, ms), run });
    return handle;
  }

  clearTimeout(timer: ClockTimer): void {
    this.timers.delete(timer);
  }

  /** Moves time forward, running every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [object, { at: number; run: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].run();
    }
    this.time = end;
  }

  /** Timers waiting, for assertions. */
  get pending(): number {
    return this.timers.size;
  }
}
