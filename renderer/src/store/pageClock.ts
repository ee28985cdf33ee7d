import { MAX_DRAW_INTERVAL_MS } from './drawPace';

/**
 * The page's one clock for ages (`UiState.now`): it ticks once a second, and when the map is about
 * to redraw it ticks with that redraw instead of on its own.
 *
 * Every change on screen makes the browser composite the whole window again. With software WebGL
 * (a wall display, a virtual desktop) that costs 100–200 ms whatever changed, so at 5,000 units the
 * clock's tick (the ages, the UTC clock) made a long frame of its own each second beside the map's
 * redraws (measured in 20 s at 5,000 units: 34 and 47 frames over 33 ms with the clock, 18 with it
 * stopped; the rest of the difference was the units' recolour at the tick, see `freshnessToDraw`).
 * Paid in the frame where a deck.gl canvas draws, the tick's text is composited with the canvas it
 * would have waited for anyway. A tick waits at most {@link MAX_OWED_MS} for a redraw (the position
 * frames' slowest pace), and not at all when no redraw is expected (a quiet feed, a hidden page, no
 * feed, replay): ages are never more than two seconds behind, and on a GPU, where the map redraws
 * several times a second, the clock still ticks each second.
 */

/** The clock's period, ms. */
export const TICK_MS = 1_000;
/** The longest a tick waits for a redraw to go with, ms: the position frames' slowest pace. */
export const MAX_OWED_MS = MAX_DRAW_INTERVAL_MS;

export class PageClock {
  /** Since when a tick has been owed to the next redraw (null: none is). */
  private owedSince: number | null = null;

  constructor(
    /** Moves the page's "now" on. */
    private readonly tick: () => void,
    /** Whether the map will redraw soon (position frames are flowing to a shown page). */
    private readonly redrawExpected: () => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The clock's timer, every {@link TICK_MS}: ticks now, or leaves the tick to the next redraw. */
  second(): void {
    const now = this.now();
    if (this.owedSince === null) {
      if (!this.redrawExpected()) {
        this.tick();
        return;
      }
      this.owedSince = now;
    }
    // Owed for as long as the slowest redraw may take (give or take a timer's lateness): paid now.
    if (now - this.owedSince >= MAX_OWED_MS - TICK_MS / 2) this.pay();
  }

  /** The map has just drawn a frame: the tick owed goes on screen with it. */
  drawn(): void {
    if (this.owedSince !== null) this.pay();
  }

  private pay(): void {
    this.owedSince = null;
    this.tick();
  }
}
