import { useSyncExternalStore } from 'react';
import { displayValue } from '../../../shared/displayText';
import type { WatchfloorApi } from '../../../shared/ipc';
import type { TakLayerView } from '../../../shared/tak';

/**
 * The TAK layer in the page: the live layer from the host's pushes, or, in replay, the layer as it
 * was at the replayed moment (asked of the host each time the picture on screen moves). Kept apart
 * from the operation's picture, like the layer itself.
 */
export class TakLayerStore {
  private api: WatchfloorApi | null = null;
  private live: TakLayerView = { status: { link: 'off', error: null, refused: {} }, tracks: [] };
  private shown: TakLayerView = this.live;
  private replayAt: number | null = null;
  private readonly listeners = new Set<() => void>();

  connect(api: WatchfloorApi): void {
    this.api = api;
    api.on('tak:changed', (view) => this.setLive(view));
    void api.invoke('tak:layer', {}).then((r) => {
      if (r.ok) this.setLive(r.value);
    });
  }

  /** Follows the replayed moment (null: live again). */
  follow(at: number | null): void {
    if (at === this.replayAt) return;
    this.replayAt = at;
    if (at === null) return this.show(this.live);
    void this.api?.invoke('tak:layer', { at }).then((r) => {
      if (r.ok && this.replayAt === at) this.show(displayValue(r.value));
    });
  }

  private setLive(view: TakLayerView): void {
    this.live = displayValue(view);
    if (this.replayAt === null) this.show(this.live);
    // The link state is live also in replay.
    else this.show({ ...this.shown, status: this.live.status });
  }

  private show(view: TakLayerView): void {
    this.shown = view;
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TakLayerView => this.shown;
}

export const takLayer = new TakLayerStore();

/** The TAK layer on screen (live, or at the replayed moment). */
export function useTakLayer(): TakLayerView {
  return useSyncExternalStore(takLayer.subscribe, takLayer.getSnapshot);
}
