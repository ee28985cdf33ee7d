import { applyDelta, type PictureDelta } from '../../../shared/pictureDelta';
import { displayDelta, displayState, displayValue } from '../../../shared/displayText';
import { getOwn, setOwn } from '../../../shared/getOwn';
import {
  latestTrailPoints,
  mergeTrails,
  newestTrailPoint,
  type TrailPoint,
  type Trails,
} from '../../../shared/trails';
import type { OperationState } from '../../../shared/state';
import { isUrgentDelta, mapDrawPace } from './drawPace';
import type { ApiRef, StateStore } from './stateStore';

/** Deltas that arrive within this window are applied as one update (at most 4 a second). */
const DELTA_COALESCE_MS = 250;
/** A delta that changes more than positions waits at most this long for others to join it. */
const URGENT_COALESCE_MS = 50;

/** How much trail the map keeps per unit (operation time). */
export const TRAIL_WINDOW_MS = 30 * 60_000;

/**
 * Live trails keep every report of this last stretch (operation time, before the newest event);
 * before it, each unit's last report of each minute, which is what a reload or a seek gives (the
 * core's trail table). Every report of half an hour, at 5,000 units reporting every 2 s, is 4.5
 * million points: the page's heap grew by 11 MB a minute and each update copied them all.
 */
export const TRAIL_FULL_DETAIL_MS = 60_000;
const TRAIL_BUCKET_MS = 60_000;

/**
 * A trail with each minute's last report kept among the points older than `before` (a point goes
 * when the next one falls in the same minute of report time). The same array when nothing goes.
 */
export function thinAgedTrail(trail: readonly TrailPoint[], before: number): readonly TrailPoint[] {
  let out: TrailPoint[] | null = null;
  for (let i = 0; i < trail.length; i++) {
    const p = trail[i]!;
    const next = trail[i + 1];
    const drop =
      p.ts < before &&
      next !== undefined &&
      Math.floor(next.ts / TRAIL_BUCKET_MS) === Math.floor(p.ts / TRAIL_BUCKET_MS);
    if (drop) out ??= trail.slice(0, i);
    else if (out) out.push(p);
    if (p.ts >= before && !out) return trail;
  }
  return out ?? trail;
}

/**
 * Applies a delta to the picture, live and in replay alike ({@link applyDelta}): changed entities
 * replace their old versions, removed ones go, nothing else moves. Feed text enters the page here
 * and in {@link displayState} calls below, made fit to show once.
 */
export function mergeDelta(state: OperationState, delta: PictureDelta): OperationState {
  return applyDelta(state, displayDelta(delta));
}

/**
 * The trails after a live delta: its units' new positions, merged as replay merges its steps
 * ({@link mergeTrails}), over the window that ends at `windowEnd` (operation time now; by default
 * the newest of the positions).
 */
export function extendTrails(
  trails: Trails,
  delta: PictureDelta,
  windowEnd: number | null = null,
  windowMs = TRAIL_WINDOW_MS,
): Trails {
  const added = latestTrailPoints(delta.changed.units);
  const newest = newestTrailPoint(added);
  if (newest === null) return trails;
  const end = Math.max(newest, windowEnd ?? newest);
  const merged = mergeTrails(trails, added, end - windowMs);
  if (merged === trails) return trails;
  // Only the trails that grew have points that aged since they were last thinned.
  let thinned: Record<string, readonly TrailPoint[]> | null = null;
  for (const id of Object.keys(added)) {
    const trail = getOwn<readonly TrailPoint[]>(merged, id);
    if (!trail) continue;
    const thin = thinAgedTrail(trail, end - TRAIL_FULL_DETAIL_MS);
    if (thin === trail) continue;
    thinned ??= { ...merged };
    setOwn(thinned, id, thin);
  }
  return thinned ?? merged;
}

/**
 * The live picture: the host's snapshot, then its deltas, queued and applied together so that a
 * burst of them is one render of the panels and one of the map. In replay the live deltas are
 * dropped (the core goes on storing them; the picture is reloaded whole on the way back).
 */
export class LiveFeed {
  private queued: PictureDelta[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDueAt = Infinity;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly store: StateStore,
    private readonly api: ApiRef,
  ) {}

  /** A delta pushed by the host. */
  receive(delta: PictureDelta): void {
    // In replay the picture is the replayed moment; the live feed goes on being stored by the
    // core, and the live picture is reloaded whole on the way back.
    if (this.store.snapshot.replay) return;
    if (delta.reset) {
      this.queued = [];
      void this.reload();
      return;
    }
    this.queued.push(delta);
    this.scheduleFlush(isUrgentDelta(delta));
  }

  /** Forgets the deltas not yet applied (the picture is about to be replaced whole). */
  drop(): void {
    this.queued = [];
  }

  /**
   * Deltas arriving together become one update: one render of the panels and one of the map.
   * Position reports go on screen at the map's pace ({@link DrawPace}); anything else within
   * {@link URGENT_COALESCE_MS}, bringing the positions queued with it.
   */
  private scheduleFlush(urgent: boolean): void {
    const now = performance.now();
    const due = urgent
      ? now + URGENT_COALESCE_MS
      : Math.max(now + URGENT_COALESCE_MS, this.lastFlushAt + mapDrawPace.interval(DELTA_COALESCE_MS));
    if (this.flushTimer !== null && this.flushDueAt <= due) return;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushDueAt = due;
    this.flushTimer = setTimeout(() => this.applyQueued(), due - now);
  }

  private applyQueued(): void {
    this.flushTimer = null;
    this.flushDueAt = Infinity;
    this.lastFlushAt = performance.now();
    if (this.store.snapshot.replay) {
      this.queued = [];
      return;
    }
    const deltas = this.queued;
    this.queued = [];
    if (deltas.length === 0) return;
    this.store.set((s) => {
      let state = s.state;
      let trails = s.trails;
      const windowEnd = s.status?.lastEventAt ?? null;
      for (const delta of deltas) {
        state = mergeDelta(state, delta);
        trails = extendTrails(trails, delta, windowEnd);
      }
      return { state, trails };
    });
  }

  /** Loads the host's whole picture and the trails of the window before its newest event. */
  async reload(): Promise<void> {
    const api = this.api();
    if (!api) return;
    const snapshot = await api.invoke('core:snapshot', {});
    if (!snapshot.ok) {
      this.store.set({ notice: snapshot.error });
      return;
    }
    const { state, settings } = snapshot.value;
    const status = displayValue(snapshot.value.status);
    const outbox = displayValue(snapshot.value.outbox);
    if (!this.store.snapshot.ready) this.store.set({ muted: !settings.alertSounds });
    // The picture first: the map draws the units at once, and their trails (the heaviest part of a
    // large operation's start: every unit's last half hour, 9 MB at 1,000 units) follow when they
    // arrive. The trails shown until now go (another picture's, or the replayed moment's).
    this.store.set((s) => ({
      state: displayState(state),
      status,
      outbox,
      settings,
      trails: {},
      ready: true,
      pictures: s.pictures + 1,
    }));
    const newest = status.lastEventAt ?? Date.now();
    const trails = await api.invoke('core:trails', {
      sinceTs: Math.max(946_684_800_000, newest - TRAIL_WINDOW_MS),
    });
    if (!trails.ok) return;
    // Deltas applied meanwhile started trails of their own: the loaded ones take in what they added.
    this.store.set((s) => ({
      trails: mergeTrails(trails.value, s.trails, (s.status?.lastEventAt ?? newest) - TRAIL_WINDOW_MS),
    }));
  }
}
