import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { ImpactLevel, UnitStatus } from '../../../shared/domain';
import { getOwn, setOwn } from '../../../shared/getOwn';
import type { OperationState } from '../../../shared/state';
import type { ImpactChange, ReportBookmark, ReportInput, UnitActivity } from '../report/types';
import type { ReplayReader } from '../store/SqliteStore';
import type { ReplaySession } from './ReplaySession';

/** What a report of a period is gathered from. */
export interface ReportSources {
  store: ReplayReader;
  session: ReplaySession;
  /** The period, inclusive: [from, to]. */
  from: number;
  to: number;
  bookmarks: readonly ReportBookmark[];
  generatedAt: number;
  generatedBy: string;
  geoDir?: string;
  /** Read every position rather than the aggregates kept at ingest: the reference for tests. */
  fullScan?: boolean;
}

/**
 * Gathers what the after-action report is computed from: the picture at the end and at the start
 * of the period (replay's fold, so the report and a replay agree), the impact changes and the
 * units' status changes from the log, and each unit's distance from the aggregates the store keeps at ingest.
 */
export async function gatherReportInput(sources: ReportSources): Promise<ReportInput> {
  const { store, session, from, to } = sources;
  const atStart = session.stateAt(from - 1).state;
  const atEnd = session.stateAt(to).state;
  const impactAtStart: Record<string, ImpactLevel> = {};
  for (const sector of Object.values(atEnd.sectors))
    setOwn(
      impactAtStart,
      sector.sectorId,
      getOwn(atStart.sectors, sector.sectorId)?.impactLevel ?? sector.impactLevel,
    );
  const impactChanges: ImpactChange[] = store
    .eventsOfTypes(['sector.impact_changed'], from, to)
    .map((e) => {
      const p = e.payload as { sectorId: string; impactLevel: ImpactLevel; reason?: string; at: number };
      return {
        sectorId: p.sectorId,
        at: p.at,
        level: p.impactLevel,
        ...(p.reason ? { reason: p.reason } : {}),
      };
    })
    .sort((a, b) => a.at - b.at);
  const distances = await store.unitDistances(from, to, { fullScan: sources.fullScan === true });
  const statusTimes = timeInStatus(atStart, atEnd, store, from, to);
  const unitActivity: UnitActivity[] = Object.keys(atEnd.units).map((unitId) => {
    const times = statusTimes.get(unitId);
    const moved = distances.get(unitId);
    return {
      unitId,
      reports: moved?.reports ?? 0,
      distanceM: moved?.distanceM ?? 0,
      patrolMs: times?.patrolling ?? 0,
      respondingMs: times?.responding ?? 0,
      onSceneMs: times?.on_scene ?? 0,
    };
  });
  return {
    state: atEnd,
    from,
    // The report counts [from, to); the period asked for includes its last moment.
    to: to + 1,
    impactAtStart,
    impactChanges,
    unitActivity,
    bookmarks: [...sources.bookmarks],
    generatedAt: sources.generatedAt,
    generatedBy: sources.generatedBy,
    ...(sources.geoDir ? basemap(sources.geoDir) : {}),
  };
}

/**
 * Time each unit spent in each status within [from, to]: its status at `from`, then every change
 * the log holds, each lasting until the next (or the end of the period).
 */
function timeInStatus(
  atStart: OperationState,
  atEnd: OperationState,
  store: ReplayReader,
  from: number,
  to: number,
): Map<string, Partial<Record<UnitStatus, number>>> {
  const current = new Map<string, { status: UnitStatus; since: number }>();
  const totals = new Map<string, Partial<Record<UnitStatus, number>>>();
  const add = (unitId: string, status: UnitStatus, ms: number): void => {
    if (ms <= 0) return;
    const t = totals.get(unitId) ?? {};
    t[status] = (t[status] ?? 0) + ms;
    totals.set(unitId, t);
  };
  for (const unit of Object.values(atStart.units))
    current.set(unit.unitId, { status: unit.status, since: from });
  for (const event of store.eventsOfTypes(['unit.upserted', 'unit.status_changed'], from, to)) {
    const p = event.payload as { unitId: string; status?: UnitStatus; at?: number };
    if (!p.status) continue;
    const at = Math.min(to, Math.max(from, p.at ?? event.ts));
    const was = current.get(p.unitId);
    if (was) {
      if (at < was.since) continue;
      add(p.unitId, was.status, at - was.since);
    }
    current.set(p.unitId, { status: p.status, since: at });
  }
  for (const [unitId, { status, since }] of current) {
    if (!Object.hasOwn(atEnd.units, unitId)) continue;
    add(unitId, status, to - since);
  }
  return totals;
}

function basemap(geoDir: string): { basemap?: { countries: FeatureCollection } } {
  const file = join(geoDir, 'countries.json');
  if (!existsSync(file)) return {};
  try {
    return { basemap: { countries: JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection } };
  } catch {
    // A report without its map outline is still a report.
    return {};
  }
}
