import type { StateDelta } from '../../../shared/coreTypes';
import { getOwn, setOwn } from '../../../shared/getOwn';
import type { TrailPoint } from '../../../shared/ipc';
import { displayState, displayValue } from '../../../shared/displayText';
import { ENTITY_COLLECTIONS, type EntityCollection, type OperationState } from '../../../shared/state';
import { isUrgentDelta, mapDrawPace } from './drawPace';
import type { ApiRef, StateStore } from './stateStore';

/** Deltas that arrive within this window are applied as one update (at most 4 a second). */
const DELTA_COALESCE_MS = 250;
/** A delta that changes more than positions waits at most this long for others to join it. */
const URGENT_COALESCE_MS = 50;

/** How much trail the map keeps per unit (operation time). */
export const TRAIL_WINDOW_MS = 30 * 60_000;

/**
 * Applies a delta to the picture: changed entities replace their old versions, nothing else moves.
 * Feed text enters the page here and in {@link displayState} calls below, made fit to show once.
 */
export function mergeDelta(state: OperationState, delta: StateDelta): OperationState {
  const out: Record<EntityCollection, Readonly<Record<string, unknown>>> & {
    operation: OperationState['operation'];
  } = {
    ...state,
    operation: delta.operation !== undefined ? displayValue(delta.operation) : state.operation,
  };
  // Every collection of the picture, so one added to it cannot be left out here.
  for (const kind of ENTITY_COLLECTIONS) {
    const changed = displayValue(delta[kind] as Readonly<Record<string, unknown>>);
    if (Object.keys(changed).length > 0) out[kind] = { ...state[kind], ...changed };
  }
  return out as OperationState;
}

/** Adds the new positions of a delta to the trails and drops points older than the window. */
export function extendTrails(
  trails: Readonly<Record<string, readonly TrailPoint[]>>,
  delta: StateDelta,
  windowMs = TRAIL_WINDOW_MS,
): Readonly<Record<string, readonly TrailPoint[]>> {
  let next: Record<string, readonly TrailPoint[]> | null = null;
  for (const unit of Object.values(delta.units)) {
    const p = unit.position;
    if (!p) continue;
    const trail = getOwn(trails, unit.unitId) ?? [];
    const last = trail[trail.length - 1];
    if (last && last.ts >= p.at) continue;
    const cutoff = p.at - windowMs;
    const kept = trail.length > 0 && trail[0]!.ts < cutoff ? trail.filter((t) => t.ts >= cutoff) : trail;
    next ??= { ...trails };
    setOwn(next, unit.unitId, [...kept, { ts: p.at, lon: p.lon, lat: p.lat }]);
  }
  return next ?? trails;
}

/**
 * The live picture: the host's snapshot, then its deltas, queued and applied together so that a
 * burst of them is one render of the panels and one of the map. In replay the live deltas are
 * dropped (the core goes on storing them; the picture is reloaded whole on the way back).
 */
export class LiveFeed {
  private queued: StateDelta[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDueAt = Infinity;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly store: StateStore,
    private readonly api: ApiRef,
  ) {}

  /** A delta pushed by the host. */
  receive(delta: StateDelta): void {
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
      for (const delta of deltas) {
        state = mergeDelta(state, delta);
        trails = extendTrails(trails, delta);
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
    const newest = status.lastEventAt ?? Date.now();
    const trails = await api.invoke('core:trails', {
      sinceTs: Math.max(946_684_800_000, newest - TRAIL_WINDOW_MS),
    });
    this.store.set({
      state: displayState(state),
      status,
      outbox,
      settings,
      trails: trails.ok ? trails.value : {},
      ready: true,
    });
  }
}
