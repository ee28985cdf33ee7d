import { ENTITY_COLLECTIONS } from '../../../shared/state';
import type { PictureDelta } from '../../../shared/pictureDelta';

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
    private readonly maxIntervalMs = 2_000,
  ) {}

  /** A redraw of the map took `ms` (smoothed, since one frame also rebuilds data and another not). */
  note(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.cost = this.cost === 0 ? ms : 0.7 * this.cost + 0.3 * ms;
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
