import { ENTITY_COLLECTIONS } from '../../../shared/state';
import type { PictureDelta } from '../../../shared/pictureDelta';

/** The slowest the live positions go on screen while they come: one is at most this old, plus a redraw. */
export const MAX_DRAW_INTERVAL_MS = 2_000;

/**
 * How often the live picture may change on screen, from what the map's last redraws cost.
 *
 * Every change of the picture redraws the whole map. With software WebGL (a wall display, a
 * virtual desktop) a redraw of tens of thousands of objects costs most of a second, so applying
 * position reports four times a second left the page redrawing without pause: frames of several
 * seconds, clicks unanswered, and the socket's messages piling up behind. The store applies
 * position-only changes no more often than {@link DrawPace.interval}, so the map is busy at most a
 * share of the time whatever the machine, and everything queued meanwhile goes on screen in one
 * step, the newest included; changes an officer must see at once (incidents, sectors, cases) are
 * never held back by it.
 */
export class DrawPace {
  private cost = 0;

  constructor(
    /** The map may spend at most 1/share of the time redrawing for position reports. */
    private readonly share = 3,
    /** Never slower than this: a position on screen is at most this old, plus one redraw. */
    private readonly maxIntervalMs = MAX_DRAW_INTERVAL_MS,
  ) {}

  /**
   * A redraw of the map took `ms` (smoothed, since one frame also rebuilds data and another not).
   * Counted as no more than the ceiling: a redraw timed across a hidden page (no frames while
   * hidden) would otherwise hold the pace at its slowest for dozens of redraws after.
   */
  note(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const cost = Math.min(ms, this.maxIntervalMs);
    this.cost = this.cost === 0 ? cost : 0.7 * this.cost + 0.3 * cost;
  }

  /** The smoothed cost of a redraw, ms. */
  get drawCostMs(): number {
    return this.cost;
  }

  /** The least time between two position updates on screen, never under `minMs`. */
  interval(minMs: number): number {
    return Math.max(minMs, Math.min(this.maxIntervalMs, this.share * this.cost));
  }
}

/** The one pace of this page: the map notes its redraws, the store reads the interval. */
export const mapDrawPace = new DrawPace();

/**
 * Whether a delta changes anything but where units are: such a delta goes on screen at once (a new
 * incident must reach the feed and the alert without waiting for the map's pace).
 */
export function isUrgentDelta(delta: PictureDelta): boolean {
  if (delta.operation !== undefined) return true;
  return ENTITY_COLLECTIONS.some((kind) => kind !== 'units' && Object.keys(delta.changed[kind]).length > 0);
}

/**
 * How long anything waits for the draw gate at most: the gate itself gives up this long after it
 * was held, and what waits on it (the position frames, the trails) waits no longer than this in
 * all, however many incidents follow one another, so the units still move.
 */
export const MAX_GATE_WAIT_MS = 1_000;

/**
 * A change the officer must see (an incident new or changed) handed to the map and not drawn yet.
 * With software WebGL a frame that also redraws 5,000 units and their trails keeps the GPU busy for
 * most of a second, and the frame after it waits: while the gate is held, the position frames (and
 * the trails taken with them) wait, so the frame that carries the incident is a cheap one. A held
 * frame is delayed, never lost: the newest goes on screen once the change is drawn, or after
 * `giveUpMs` whatever happens (a canvas that never draws, a hidden page).
 */
export class DrawGate {
  private since: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly giveUpMs = MAX_GATE_WAIT_MS) {}

  /** A change the officer must see was handed to the map at `now`. */
  hold(now: number): void {
    this.since ??= now;
  }

  /** The map drew what it was handed: whatever waited goes on. */
  release(): void {
    if (this.since === null) return;
    this.since = null;
    for (const listener of [...this.listeners]) listener();
  }

  /** How long from `now` the gate stays held at most (0: open). */
  heldFor(now: number): number {
    if (this.since === null) return 0;
    const left = this.since + this.giveUpMs - now;
    if (left > 0) return left;
    this.since = null;
    return 0;
  }

  /** Hears each release; returns the unsubscribe. */
  onRelease(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The one gate of this page: the map holds it for incidents, the position intake waits on it. */
export const mapDrawGate = new DrawGate();
