/**
 * A value the map shows on the units' canvas beside the position frames (the trails), taken only
 * when a new frame goes on screen and at most once per `minIntervalMs`. Every change of that canvas
 * redraws all of it: with software WebGL a redraw of 5,000 units and their trails keeps the GPU
 * process busy for most of a second, so the trails refreshed on a timer of their own beside the
 * frames doubled the canvas's redraws and kept the GPU saturated (an incident then waited behind
 * them to be drawn). Taken with a frame, both changes are one redraw.
 */
export class FrameSampler<T> {
  private shown: T;
  private frame: unknown;
  private takenAt = Number.NEGATIVE_INFINITY;

  constructor(
    initial: T,
    private readonly minIntervalMs: number,
  ) {
    this.shown = initial;
  }

  /**
   * The value to show with `frame` at `now`: `value` when the frame is another than at the last
   * call and the last value was taken at least `minIntervalMs` ago; else the value shown.
   */
  take(value: T, frame: unknown, now: number): T {
    if (frame === this.frame) return this.shown;
    this.frame = frame;
    if (Object.is(value, this.shown) || now - this.takenAt < this.minIntervalMs) return this.shown;
    this.shown = value;
    this.takenAt = now;
    return value;
  }

  /**
   * Shows `value` at once (no frames to wait for: replay, or before the first frame); the next
   * {@link take} then takes its value whatever frame it comes with (back from replay, the live
   * trails at once, not the replayed ones until the next frame).
   */
  reset(value: T): T {
    this.shown = value;
    this.frame = FrameSampler.NO_FRAME;
    this.takenAt = Number.NEGATIVE_INFINITY;
    return value;
  }

  private static readonly NO_FRAME: unique symbol = Symbol();
}
