import { useSyncExternalStore } from 'react';
import type { StateDelta } from '../../../shared/coreTypes';
import type { InvokeArg, InvokeChannel, TrailPoint, WatchfloorApi } from '../../../shared/ipc';
import type { ImpactLevel } from '../../../shared/domain';
import { getEmptyState, type OperationState } from '../../../shared/state';
import { LAYER_IDS, type IncidentFilters, type LayerId, type Selection, type UiState } from './types';

/** Deltas that arrive within this window are applied as one update. */
const DELTA_COALESCE_MS = 250;

/** How much trail the map keeps per unit (operation time). */
export const TRAIL_WINDOW_MS = 30 * 60_000;

/** Filters that show everything. */
export function emptyFilters(): IncidentFilters {
  return {
    categories: [],
    priorities: [],
    statuses: [],
    countries: [],
    sectorIds: [],
    withinMs: null,
    text: '',
  };
}

function initialState(): UiState {
  return {
    state: getEmptyState(),
    status: null,
    outbox: [],
    settings: { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000, operator: '' },
    trails: {},
    now: Date.now(),
    selection: null,
    layers: Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>,
    filters: emptyFilters(),
    flyTo: null,
    muted: false,
    panel: 'units',
    ready: false,
    notice: null,
  };
}

/** Applies a delta to the picture: changed entities replace their old versions, nothing else moves. */
export function mergeDelta(state: OperationState, delta: StateDelta): OperationState {
  const merge = <T>(
    current: Readonly<Record<string, T>>,
    changed: Readonly<Record<string, T>>,
  ): Readonly<Record<string, T>> =>
    Object.keys(changed).length === 0 ? current : { ...current, ...changed };
  return {
    operation: delta.operation !== undefined ? delta.operation : state.operation,
    sectors: merge(state.sectors, delta.sectors),
    crossings: merge(state.crossings, delta.crossings),
    units: merge(state.units, delta.units),
    incidents: merge(state.incidents, delta.incidents),
    bookmarks: merge(state.bookmarks, delta.bookmarks),
  };
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
    const trail = trails[unit.unitId] ?? [];
    const last = trail[trail.length - 1];
    if (last && last.ts >= p.at) continue;
    const cutoff = p.at - windowMs;
    const kept = trail.length > 0 && trail[0]!.ts < cutoff ? trail.filter((t) => t.ts >= cutoff) : trail;
    next ??= { ...trails };
    next[unit.unitId] = [...kept, { ts: p.at, lon: p.lon, lat: p.lat }];
  }
  return next ?? trails;
}

/**
 * The renderer's store: one object, fed by the host's pushes, read with {@link useUi}. Feed
 * updates replace parts of the state; officer actions go to the host and come back as events.
 */
export class UiStore {
  private current: UiState = initialState();
  private readonly listeners = new Set<() => void>();
  private api: WatchfloorApi | null = null;

  /** The state now. */
  get snapshot(): UiState {
    return this.current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): UiState => this.current;

  /** Replaces part of the state and tells the views. */
  set(patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)): void {
    const changes = typeof patch === 'function' ? patch(this.current) : patch;
    this.current = { ...this.current, ...changes };
    for (const listener of this.listeners) listener();
  }

  /** Connects to a host: loads the snapshot and the trails, then follows the pushes. */
  async connect(api: WatchfloorApi): Promise<void> {
    this.api = api;
    api.on('state:delta', (delta) => {
      if (delta.reset) {
        this.queued = [];
        void this.reload();
        return;
      }
      this.queued.push(delta);
      // Deltas arriving together become one update: one render of the panels and one of the map,
      // which matters when a frame costs most of a second (software WebGL on a wall display).
      this.flushTimer ??= setTimeout(() => this.applyQueued(), DELTA_COALESCE_MS);
    });
    api.on('status:changed', (status) => this.set({ status }));
    api.on('outbox:changed', (outbox) => this.set({ outbox }));
    await this.reload();
  }

  private queued: StateDelta[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  private applyQueued(): void {
    this.flushTimer = null;
    const deltas = this.queued;
    this.queued = [];
    if (deltas.length === 0) return;
    this.set((s) => {
      let state = s.state;
      let trails = s.trails;
      for (const delta of deltas) {
        state = mergeDelta(state, delta);
        trails = extendTrails(trails, delta);
      }
      return { state, trails };
    });
  }

  private async reload(): Promise<void> {
    if (!this.api) return;
    const snapshot = await this.api.invoke('core:snapshot', {});
    if (!snapshot.ok) {
      this.set({ notice: snapshot.error });
      return;
    }
    const { state, status, outbox, settings } = snapshot.value;
    const newest = status.lastEventAt ?? Date.now();
    const trails = await this.api.invoke('core:trails', {
      sinceTs: Math.max(946_684_800_000, newest - TRAIL_WINDOW_MS),
    });
    this.set({ state, status, outbox, settings, trails: trails.ok ? trails.value : {}, ready: true });
  }

  /** Sends an officer's action; a refusal (bad input, a closed store) is shown as a notice. */
  async run<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<boolean> {
    if (!this.api) return false;
    const outcome = await this.api.invoke(channel, arg);
    if (!outcome.ok) this.set({ notice: outcome.error });
    return outcome.ok;
  }

  /**
   * Gives the host the command list (the desktop app builds its menus from it) and runs the
   * commands its menus send back: one list behind the menus, the palette and the shortcuts.
   */
  registerCommands(
    commands: readonly { id: string; label: string; shortcut?: string; run(): void }[],
  ): () => void {
    if (!this.api) return () => {};
    void this.api.invoke('ui:setMenu', {
      commands: commands.map(({ id, label, shortcut }) => ({ id, label, ...(shortcut ? { shortcut } : {}) })),
    });
    return this.api.on('ui:command', ({ id }) => commands.find((c) => c.id === id)?.run());
  }

  select(selection: Selection | null): void {
    this.set({ selection });
  }

  flyTo(lon: number, lat: number, zoom = 10): void {
    this.set((s) => ({ flyTo: { lon, lat, zoom, serial: (s.flyTo?.serial ?? 0) + 1 } }));
  }

  toggleLayer(id: LayerId): void {
    this.set((s) => ({ layers: { ...s.layers, [id]: !s.layers[id] } }));
  }

  setFilters(patch: Partial<IncidentFilters>): void {
    this.set((s) => ({ filters: { ...s.filters, ...patch } }));
  }

  acknowledge(incidentId: string): Promise<boolean> {
    return this.run('ops:acknowledge', { incidentId });
  }

  addNote(incidentId: string, text: string): Promise<boolean> {
    return this.run('ops:addNote', { incidentId, text });
  }

  assign(incidentId: string, unitIds: string[]): Promise<boolean> {
    return this.run('ops:assign', { incidentId, unitIds });
  }

  setImpact(sectorId: string, impactLevel: ImpactLevel, reason?: string): Promise<boolean> {
    return this.run('ops:setImpact', { sectorId, impactLevel, ...(reason ? { reason } : {}) });
  }

  addBookmark(label: string, at: number, note?: string): Promise<boolean> {
    return this.run('ops:addBookmark', { label, at, ...(note ? { note } : {}) });
  }
}

/** The app's one store. */
export const ui = new UiStore();

/** Reads a slice of the UI state; the component re-renders when the slice changes. */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useSyncExternalStore(ui.subscribe, () => selector(ui.getSnapshot()));
}
