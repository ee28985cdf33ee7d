import type { IncidentCategory, IncidentPriority } from './domain';
import type { PictureDelta } from './pictureDelta';
import type { OperationState } from './state';
import type { TrailPoint } from './trails';

/**
 * What replay sends between the core and the UI. Replay reads the local store (or an opened
 * archive) and folds it with the same reducer as the live view, so a moment replayed is the
 * moment as it was.
 */

/** The most points of a unit's trail a seek sends (a long window is thinned evenly, keeping the newest). */
export const TRAIL_POINTS_MAX = 120;

/** Where replay reads from. */
export interface ReplaySourceInfo {
  kind: 'live' | 'archive';
  /** Shown to the user: the operation's name, and the file for an archive. */
  label: string;
  path: string | null;
  operationId: string | null;
  /** An archive is read only: no officer action reaches it. */
  readOnly: boolean;
}

/** A bookmark on the timeline: shared ones came through the feed, local ones stay on this workstation. */
export interface TimelineBookmark {
  bookmarkId: string;
  at: number;
  label: string;
  note?: string;
  author: string;
  shared: boolean;
}

/** Incident density over the whole operation, for the timeline. */
export interface TimelineSummary {
  source: ReplaySourceInfo;
  /** The first and the newest event time (the live edge). Null while the log is empty. */
  startTs: number | null;
  endTs: number | null;
  binMs: number;
  /** Start of bin i is startTs + i * binMs. */
  bins: {
    byPriority: Record<IncidentPriority, number[]>;
    byCategory: Partial<Record<IncidentCategory, number[]>>;
  };
  incidentCount: number;
  bookmarks: TimelineBookmark[];
}

/** An event of the log as the replay's event list shows it (position reports left out). */
export interface LogEntry {
  seq: number;
  ts: number;
  type: string;
  payload: Record<string, unknown>;
}

/** The answer to a seek. */
export interface SeekResult {
  /** The time asked for, and the newest event at or before it. */
  at: number;
  seq: number;
  /** Set when the UI must drop its picture and take this one whole (first seek, other source). */
  state: OperationState | null;
  /**
   * Otherwise what takes the picture of the previous seek to this one, in the live feed's form
   * (replay moves backwards too, so entities can be removed).
   */
  delta: PictureDelta | null;
  /**
   * Trails over the window before `at` (at most {@link TRAIL_POINTS_MAX} points a unit, evenly
   * thinned); on a step of playback null, with `trailsAdded` holding the reports since the last step.
   */
  trails: Record<string, TrailPoint[]> | null;
  /** On a step forward: every report since the previous step, for the UI to add to its trails. */
  trailsAdded: Record<string, TrailPoint[]> | null;
  /** The newest events (no position reports) at or before `at`, newest first. */
  log: LogEntry[];
  /** Milliseconds the core spent, for the status line and the benchmark. */
  tookMs: number;
  /** How the state was reached: folded on from the previous seek, or from a keyframe. */
  path: 'same' | 'forward' | 'keyframe' | 'empty';
}

/** Which way a step goes, and to what. */
export type StepTarget = 'incident' | 'bookmark' | 'any';

/** Kinds of data export. */
export const EXPORT_KINDS = [
  'incidents.csv',
  'incidents.geojson',
  'sectors.geojson',
  'tracks.geojson',
  'tracks.gpx',
  'operation.kml',
  'picture.cot',
  'bookmarks.csv',
  'report.html',
  'archive.sqlite',
  'annotations.geojson',
] as const;
/** See {@link EXPORT_KINDS}. */
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A file an export wrote. */
export interface ExportedFile {
  /** What was written: an export, or the report printed to PDF. */
  kind: ExportKind | 'report.pdf';
  fileName: string;
  path: string;
  bytes: number;
  /** Where the browser host serves it for download; null in the desktop app. */
  url: string | null;
}
