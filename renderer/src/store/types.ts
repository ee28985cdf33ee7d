import type { CoreStatus, OutboxEntry } from '../../../shared/coreTypes';
import type { IncidentCategory, IncidentPriority, IncidentStatus } from '../../../shared/domain';
import type { TrailPoint, ViewSettings } from '../../../shared/ipc';
import type { LogEntry, ReplaySourceInfo, TimelineSummary } from '../../../shared/replay';
import type { SettingsView } from '../../../shared/settings';
import type { OperationState } from '../../../shared/state';

/** What is selected on the map and in the panels. */
export type Selection = { kind: 'incident' | 'unit' | 'sector' | 'crossing'; id: string };

/** The switchable map layers. `basemap` is the orientation: rivers, lakes, places, airports, ports, relief names. */
export const LAYER_IDS = [
  'sectors',
  'crossings',
  'units',
  'trails',
  'incidents',
  'towns',
  'links',
  'basemap',
  'tak',
  'annotations',
  'zones',
] as const;
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

/** Replay speeds offered in the list (any value from 0.5 to 3600 can be typed). */
export const REPLAY_SPEEDS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** Trail windows offered in replay. */
export const TRAIL_WINDOWS_MS = [5 * 60_000, 15 * 60_000, 30 * 60_000, 60 * 60_000] as const;

/** Where replay stands. Present only in replay mode. */
export interface ReplayUi {
  source: ReplaySourceInfo;
  /** Density, extent and bookmarks; refreshed while the live store grows. */
  timeline: TimelineSummary | null;
  /** The timeline's cursor: moves at once while dragging or playing. */
  at: number;
  /** The moment of the picture on screen (the last seek answered), and the newest event at or before it. */
  shownAt: number;
  seq: number;
  playing: boolean;
  /** Operation time per wall-clock time: 0.5 to 3600. */
  speed: number;
  trailWindowMs: number;
  /** The event list in step with the map: newest first, at or before `at`. */
  log: LogEntry[];
  /** How long the core took for the last seek (ms), and the way it went. */
  lastSeek: { tookMs: number; path: string } | null;
  /** How the density is stacked. */
  densityBy: 'priority' | 'category';
  /** Playing slower than the speed chosen: the map cannot draw the pictures fast enough. */
  behind?: boolean;
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
  panel: 'units' | 'sectors' | 'results' | 'readmission' | 'replay';
  /** The roster shows only the stale or only the lost units (its chips and the status bar's set it). */
  rosterFreshness: 'stale' | 'lost' | null;
  /** Set once the first snapshot has arrived. */
  ready: boolean;
  /**
   * Whole pictures loaded so far (the first, each reconnect's, each return from replay): what a
   * new one holds is history, not news, for the alerts that watch the picture change.
   */
  pictures: number;
  /** A message for the officer (an action refused, an input error), shown until dismissed. */
  notice: string | null;
  /** Replay mode: the picture, trails and panels show `replay.at`, not the live edge. Null when live. */
  replay: ReplayUi | null;
  /** The workstation's profiles and preferences (never a secret); null until loaded. */
  workstation: SettingsView | null;
  /** The settings dialog, and the tab it shows. */
  settingsOpen: SettingsTab | null;
  /** The officer chose to work without the link this run (the token prompt is not shown again). */
  tokenPromptDismissed: boolean;
}

/** The settings dialog's tabs. */
export type SettingsTab = 'connections' | 'preferences' | 'about';
