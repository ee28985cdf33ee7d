import type { CoreStatus, OutboxEntry } from '../../../shared/coreTypes';
import type { IncidentCategory, IncidentPriority, IncidentStatus } from '../../../shared/domain';
import type { TrailPoint, ViewSettings } from '../../../shared/ipc';
import type { OperationState } from '../../../shared/state';

/** What is selected on the map and in the panels. */
export type Selection = { kind: 'incident' | 'unit' | 'sector' | 'crossing'; id: string };

/** The switchable map layers. */
export const LAYER_IDS = ['sectors', 'crossings', 'units', 'trails', 'incidents', 'towns'] as const;
/** See {@link LAYER_IDS}. */
export type LayerId = (typeof LAYER_IDS)[number];

/** The incident feed's filters; empty lists mean "all". */
export interface IncidentFilters {
  categories: IncidentCategory[];
  priorities: IncidentPriority[];
  statuses: IncidentStatus[];
  countries: string[];
  sectorIds: string[];
  /** Only incidents reported in the last N ms of operation time; null for all. */
  withinMs: number | null;
  text: string;
}

/** A request to move the map, with a serial so the same target twice still moves it. */
export interface FlyTo {
  lon: number;
  lat: number;
  zoom: number;
  serial: number;
}

/** Everything the UI renders from. */
export interface UiState {
  /** The operation picture, kept in step by deltas. */
  state: OperationState;
  status: CoreStatus | null;
  outbox: OutboxEntry[];
  settings: ViewSettings;
  /** Recent positions per unit, oldest first, kept for the trail window. */
  trails: Readonly<Record<string, readonly TrailPoint[]>>;
  /** Local wall-clock time, ticking once a second: ages and staleness are measured against it. */
  now: number;
  selection: Selection | null;
  layers: Readonly<Record<LayerId, boolean>>;
  filters: IncidentFilters;
  flyTo: FlyTo | null;
  /** Alert sounds off. */
  muted: boolean;
  /** Which right-hand panel shows. */
  panel: 'units' | 'sectors' | 'results';
  /** Set once the first snapshot has arrived. */
  ready: boolean;
  /** A message for the officer (an action refused, an input error), shown until dismissed. */
  notice: string | null;
}
