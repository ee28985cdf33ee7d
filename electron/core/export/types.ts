import type { OperationMode } from '../../../shared/domain';
import type { TimelineBookmark } from '../../../shared/replay';
import type { Unit } from '../../../shared/state';

/**
 * What the after-action exports take besides the operation picture. Plain data, so Core can build
 * it from the store and the tests by hand.
 */

/**
 * Which operation an export is of and which window it covers, written into every file so that an
 * export still says what it is (and whether it is an exercise) once it has left the application.
 * `mode` may be a mode a newer server knows and this version does not: it is still written.
 * `from` and `to` record the window the caller selected (null: open); the writers do not filter by
 * them, because the caller has already cut the state and the track query to that window.
 */
export interface ExportMeta {
  operationId: string;
  operationName: string;
  // `string & {}` keeps the known modes for completion while allowing a newer server's.
  mode: OperationMode | (string & {});
  exportedAt: number;
  from: number | null;
  to: number | null;
}

/** One recorded position of a unit, as the store keeps it. */
export interface TrackPoint {
  ts: number;
  lon: number;
  lat: number;
}

/**
 * A unit and its positions in time order. `points` may be a lazy, single-use iterator over
 * millions of rows (a 72-hour operation has tens of millions), so the writers go through it once.
 */
export interface UnitTrack {
  unit: Unit;
  points: Iterable<TrackPoint>;
}

/** A bookmark as the review sees it: `shared` when it came from the feed, not only marked on this desk. */
export type ExportBookmark = TimelineBookmark;
