/**
 * One receiver's window on what the host pushes to it (position frames, picture deltas): at most
 * one item in flight; whatever comes meanwhile waits combined into one ({@link combine}: the newer
 * replaces it, or both merge), and goes when the receiver has answered. A page that falls behind
 * then gets the newest of everything in one item instead of a socket buffer of old ones.
 */
export abstract class SendWindow<T> {
  private pending: T | null = null;
  private inFlight = false;
  private closed = false;
  /** Items combined into a later one before they could be sent. */
  protected combined = 0;

  constructor(
    /** Sends an item; `done` is called once the receiver has it (or the sender gave up waiting). */
    private readonly send: (item: T, done: () => void) => void,
  ) {}

  /** One item from what was waiting and what came after it. */
  protected abstract combine(waiting: T, next: T): T;

  /** The item as it goes out, or null when it is of no use any more. */
  protected prepare(item: T): T | null {
    return item;
  }

  offer(item: T): void {
    if (this.closed) return;
    if (this.pending !== null) {
      this.combined++;
      this.pending = this.combine(this.pending, item);
    } else this.pending = item;
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.pending = null;
  }

  private pump(): void {
    if (this.inFlight || this.pending === null || this.closed) return;
    const item = this.prepare(this.pending);
    this.pending = null;
    if (item === null) return;
    this.inFlight = true;
    let answered = false;
    this.send(item, () => {
      if (answered) return;
      answered = true;
      this.inFlight = false;
      this.pump();
    });
  }
}
