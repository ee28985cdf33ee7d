import { applyEvents } from '../../../shared/applyEvent';
import type { ImpactLevel, UnitStatus } from '../../../shared/domain';
import type { FeedEvent, UnknownEvent } from '../../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../../shared/state';
import type { ImpactChange, ReportBookmark, ReportInput, UnitActivity } from './types';

/**
 * A report's input folded from an event stream alone: the picture at the end of the period, each
 * sector's level at its start and its changes, and every unit's activity. It is the reference the
 * store's own queries can be checked against, and serves an archive that has only its event log.
 * Events are taken in order as given (the log's order); a stream is read once, so a database cursor
 * can feed it without holding the log in memory.
 */

const EARTH_RADIUS_M = 6_371_008.8;
const BATCH = 5_000;

/** Great-circle distance in metres. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface UnitTrack {
  status: UnitStatus;
  since: number;
  last: { lon: number; lat: number; at: number } | null;
  activity: UnitActivity;
}

const STATUS_FIELD: Partial<Record<UnitStatus, 'patrolMs' | 'respondingMs' | 'onSceneMs'>> = {
  patrolling: 'patrolMs',
  responding: 'respondingMs',
  on_scene: 'onSceneMs',
};

/** What {@link foldReportInput} returns: a {@link ReportInput} but for who generates it and the basemap. */
export type FoldedReportInput = Omit<ReportInput, 'generatedAt' | 'generatedBy' | 'basemap'>;

/**
 * Folds events into a report's input for the half-open period [from, to). The picture is the one
 * after every event stamped before `to`; impact levels at `from` are the picture's after every event
 * stamped before `from`. Bookmarks are the feed's (shared) ones.
 */
export function foldReportInput(
  events: Iterable<FeedEvent | UnknownEvent>,
  from: number,
  to: number,
): FoldedReportInput {
  let state: OperationState = getEmptyState();
  let pending: (FeedEvent | UnknownEvent)[] = [];
  let impactAtStart: Record<string, ImpactLevel> | null = null;
  const impactChanges: ImpactChange[] = [];
  const tracks = new Map<string, UnitTrack>();

  const flush = (): void => {
    if (pending.length) state = applyEvents(state, pending);
    pending = [];
  };
  const startLevels = (): Record<string, ImpactLevel> =>
    Object.fromEntries(Object.values(state.sectors).map((s) => [s.sectorId, s.impactLevel]));
  const credit = (track: UnitTrack, until: number): void => {
    const field = STATUS_FIELD[track.status];
    const overlap = Math.min(until, to) - Math.max(track.since, from);
    if (field && overlap > 0) track.activity[field] += overlap;
  };
  // Status follows the reducer's rules: an upsert sets it only when it creates the unit, a change
  // for a unit not yet known is dropped, and a change older than the current status is ignored.
  const setStatus = (unitId: string, status: UnitStatus, at: number, creates: boolean): void => {
    const track = tracks.get(unitId);
    if (!track) {
      if (!creates) return;
      tracks.set(unitId, {
        status,
        since: at,
        last: null,
        activity: { unitId, reports: 0, distanceM: 0, patrolMs: 0, respondingMs: 0, onSceneMs: 0 },
      });
      return;
    }
    if (creates || track.status === status || at < track.since) return;
    credit(track, at);
    track.status = status;
    track.since = at;
  };

  for (const event of events) {
    if (event.ts >= to) break;
    if (impactAtStart === null && event.ts >= from) {
      flush();
      impactAtStart = startLevels();
    }
    pending.push(event);
    if (pending.length >= BATCH) flush();
    const e = event as FeedEvent;
    switch (e.type) {
      case 'unit.upserted':
        setStatus(e.payload.unitId, e.payload.status, e.ts, true);
        break;
      case 'unit.status_changed':
        setStatus(e.payload.unitId, e.payload.status, e.payload.at, false);
        break;
      case 'unit.position': {
        const { unitId, lon, lat, at } = e.payload;
        const track = tracks.get(unitId);
        if (!track || at < from || at >= to) break;
        // A report older than the last one is skipped, as the reducer skips it.
        if (track.last && at < track.last.at) break;
        track.activity.reports++;
        if (track.last) track.activity.distanceM += haversineM(track.last.lon, track.last.lat, lon, lat);
        track.last = { lon, lat, at };
        break;
      }
      case 'sector.impact_changed':
        if (e.payload.at >= from && e.payload.at < to) {
          impactChanges.push({
            sectorId: e.payload.sectorId,
            at: e.payload.at,
            level: e.payload.impactLevel,
            ...(e.payload.reason === undefined ? {} : { reason: e.payload.reason }),
          });
        }
        break;
      default:
        break;
    }
  }
  flush();
  if (impactAtStart === null) impactAtStart = startLevels();
  for (const track of tracks.values()) credit(track, to);
  const bookmarks: ReportBookmark[] = Object.values(state.bookmarks).map((b) => ({
    at: b.at,
    label: b.label,
    ...(b.note === undefined ? {} : { note: b.note }),
    author: b.author,
    shared: true,
  }));
  return {
    state,
    from,
    to,
    impactAtStart,
    impactChanges: impactChanges.sort((a, b) => a.at - b.at),
    unitActivity: [...tracks.values()]
      .map((t) => t.activity)
      .filter((a) => a.reports > 0 || a.patrolMs + a.respondingMs + a.onSceneMs > 0),
    bookmarks,
  };
}
