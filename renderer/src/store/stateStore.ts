import { DEFAULT_VIEW_SETTINGS, type WatchfloorApi } from '../../../shared/ipc';
import { operationNow } from '../../../shared/domainRules';
import { getEmptyState } from '../../../shared/state';
import { LAYER_IDS, type IncidentFilters, type LayerId, type UiState } from './types';

/**
 * Operation time "now" for ages and staleness: the moment of the replayed picture on screen (not
 * the cursor, which runs ahead while dragging), else the newest event.
 */
export function selectOperationNow(s: UiState): number {
  return operationNow(s.status?.lastEventAt, s.now, s.replay?.shownAt ?? null);
}

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

/** The state of a page that has not heard from its host yet. */
export function initialUiState(): UiState {
  return {
    state: getEmptyState(),
    status: null,
    outbox: [],
    settings: { ...DEFAULT_VIEW_SETTINGS, operator: '' },
    trails: {},
    now: Date.now(),
    selection: null,
    layers: Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>,
    filters: emptyFilters(),
    flyTo: null,
    muted: false,
    panel: 'units',
    rosterFreshness: null,
    ready: false,
    pictures: 0,
    notice: null,
    replay: null,
    workstation: null,
    settingsOpen: null,
    tokenPromptDismissed: false,
  };
}

/**
 * The state and its listeners, nothing else: the live feed, the replay controller and the host
 * actions change it through {@link StateStore.set}, the views read it with `useUi`.
 */
export class StateStore {
  private current: UiState = initialUiState();
  private readonly listeners = new Set<() => void>();

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
}

/** Where the parts of the store reach the host: null until the page has connected. */
export type ApiRef = () => WatchfloorApi | null;
