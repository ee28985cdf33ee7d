import type { TakLayerView, TakStatus, TakTrack } from '../../../shared/tak';
import type { Clock, ClockTimer } from '../clock';
import { TakClient, type TakClientOptions, type TakConnection } from './TakClient';
import { takLifeEnd, TakPicture, type TakLog } from './TakLog';

/**
 * The TAK layer of one core: the read-only client of the profile's TAK server, the newest track
 * per uid, the store (for replay) and what the UI is told. Changes reach the UI at most every
 * {@link TAK_PUSH_MS}; the layer is also re-sent when a track goes stale.
 */

export const TAK_PUSH_MS = 500;

export class TakLayer {
  private readonly picture = new TakPicture();
  private readonly client: TakClient | null;
  private readonly listeners = new Set<(view: TakLayerView) => void>();
  private status: TakStatus;
  private timer: ClockTimer | null = null;
  private staleTimer: ClockTimer | null = null;

  constructor(
    connection: TakConnection | null,
    private readonly log: TakLog,
    private readonly clock: Clock,
    /** The operation's time now (where a track is placed for replay). */
    private readonly operationNow: () => number,
    private readonly onStoreError: (error: unknown) => void,
    options?: TakClientOptions,
  ) {
    this.status = { link: connection ? 'connecting' : 'off', error: null, refused: {} };
    this.client = connection
      ? new TakClient(
          connection,
          {
            onTrack: (track) => this.receive(track),
            onRefused: (reason) => {
              this.status = {
                ...this.status,
                refused: { ...this.status.refused, [reason]: (this.status.refused[reason] ?? 0) + 1 },
              };
              this.schedule();
            },
            onLink: (link, error) => {
              this.status = { ...this.status, link, error };
              this.schedule(0);
            },
          },
          clock,
          options,
        )
      : null;
  }

  start(): Promise<void> {
    return this.client?.start() ?? Promise.resolve();
  }

  stop(): void {
    this.client?.stop();
    if (this.timer) this.clock.clearTimeout(this.timer);
    if (this.staleTimer) this.clock.clearTimeout(this.staleTimer);
    this.timer = null;
    this.staleTimer = null;
    this.listeners.clear();
  }

  /** The live layer now. */
  view(): TakLayerView {
    return { status: this.status, tracks: this.picture.current(this.clock.now()) };
  }

  /** The layer as it was at operation time `at` (replay of the live store). */
  at(at: number): TakTrack[] {
    return this.log.at(at);
  }

  onChange(listener: (view: TakLayerView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(track: TakTrack): void {
    if (!this.picture.upsert(track)) return;
    try {
      this.log.add(track, this.operationNow());
    } catch (error) {
      this.onStoreError(error);
    }
    this.schedule();
  }

  private schedule(delay = TAK_PUSH_MS): void {
    if (this.timer) {
      if (delay > 0) return;
      this.clock.clearTimeout(this.timer);
    }
    this.timer = this.clock.setTimeout(() => this.push(), delay);
  }

  private push(): void {
    this.timer = null;
    const view = this.view();
    for (const listener of this.listeners) listener(view);
    // Come back when the next track goes stale, so that it leaves the map on time.
    if (this.staleTimer) this.clock.clearTimeout(this.staleTimer);
    this.staleTimer = null;
    const next = Math.min(...view.tracks.map((t) => takLifeEnd(t, t.receivedAt)));
    if (Number.isFinite(next))
      this.staleTimer = this.clock.setTimeout(
        () => {
          this.staleTimer = null;
          this.schedule(0);
        },
        Math.max(TAK_PUSH_MS, next - this.clock.now()),
      );
  }
}
