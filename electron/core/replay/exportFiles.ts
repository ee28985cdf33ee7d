import { renameSync, rmSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { DEFAULT_VIEW_SETTINGS } from '../../../shared/ipc';
import type { ExportKind, TimelineBookmark } from '../../../shared/replay';
import type { Language } from '../../../shared/settings';
import type { OperationState } from '../../../shared/state';
import {
  annotationsGeoJson,
  bookmarksCsv,
  incidentsCsv,
  incidentsGeoJson,
  cotFile,
  kmlChunks,
  sectorsGeoJson,
  tracksGeoJsonChunks,
  tracksGpxChunks,
  writeChunks,
  type ExportMeta,
  type UnitTrack,
} from '../export';
import { computeReport } from '../report/computeReport';
import { renderReportHtml } from '../report/renderReportHtml';
import { makePrivate, writePrivateFile } from '../privateFiles';
import type { ReplayReader } from '../store/SqliteStore';
import { gatherReportInput } from './reportData';
import { sharedBookmarks, type ReplaySession } from './ReplaySession';

/** What an export is made from. */
export interface ExportContext {
  session: ReplaySession;
  operator: string;
  /** This workstation's bookmarks of the operation (the shared ones are in the state). */
  bookmarks: TimelineBookmark[];
  geoDir?: string | undefined;
  appVersion: string;
  now: number;
  /** The period, inclusive. */
  from: number;
  to: number;
  /** The language of a report (English when absent). */
  language?: Language | undefined;
  /** The room's "stale after" setting, for the CoT export's stale times (absent: the default). */
  staleAfterMs?: number | undefined;
}

/**
 * Writes one export of the replayed operation for [from, to] to `path`. The picture is replay's
 * fold at `to`, so an export says what a replay of that moment shows; incidents are those reported
 * in the period. Small files are written whole and renamed into place; tracks stream unit by unit.
 * A failed export leaves no partial file behind.
 */
export async function writeExport(kind: ExportKind, path: string, context: ExportContext): Promise<void> {
  const { session, from, to } = context;
  const store = session.source.store;
  if (kind === 'archive.sqlite') {
    if (session.source.kind === 'archive') await copyArchive(store.path, path);
    else
      await store.exportArchive(path, {
        exportedAt: context.now,
        exportedBy: context.operator,
        appVersion: context.appVersion,
      });
    return;
  }
  if (kind === 'report.html') {
    const input = await gatherReportInput({
      store,
      session,
      from,
      to,
      bookmarks: allBookmarks(session.stateAt(to).state, context.bookmarks, from, to),
      generatedAt: context.now,
      generatedBy: context.operator,
      ...(context.geoDir ? { geoDir: context.geoDir } : {}),
    });
    writeWhole(path, renderReportHtml(computeReport(input), context.language));
    return;
  }
  const state = inPeriod(session.stateAt(to).state, from, to);
  const meta: ExportMeta = {
    operationId: state.operation?.operationId ?? store.position().operationId ?? 'unknown-operation',
    operationName: state.operation?.name ?? 'operation',
    mode: state.operation?.mode ?? 'exercise',
    exportedAt: context.now,
    from,
    to,
  };
  switch (kind) {
    case 'incidents.csv':
      return writeWhole(path, incidentsCsv(state, meta));
    case 'incidents.geojson':
      return writeWhole(path, JSON.stringify(incidentsGeoJson(state, meta)));
    case 'sectors.geojson':
      return writeWhole(path, JSON.stringify(sectorsGeoJson(state, meta)));
    case 'annotations.geojson':
      return writeWhole(path, JSON.stringify(annotationsGeoJson(state, meta)));
    case 'bookmarks.csv':
      return writeWhole(path, bookmarksCsv(allBookmarks(state, context.bookmarks, from, to), meta));
    case 'tracks.geojson':
      await writeChunks(tracksGeoJsonChunks(tracks(store, state, from, to), meta), path);
      return;
    case 'tracks.gpx':
      await writeChunks(tracksGpxChunks(tracks(store, state, from, to), meta), path);
      return;
    case 'operation.kml':
      await writeChunks(kmlChunks(state, tracks(store, state, from, to), meta), path);
      return;
    case 'picture.cot':
      return writeWhole(
        path,
        await cotFile(state, meta, {
          at: to,
          staleAfterMs: context.staleAfterMs ?? DEFAULT_VIEW_SETTINGS.staleAfterMs,
        }),
      );
  }
}

/** The picture with only the incidents reported in the period. */
function inPeriod(state: OperationState, from: number, to: number): OperationState {
  return {
    ...state,
    incidents: Object.fromEntries(
      Object.entries(state.incidents).filter(([, i]) => i.reportedAt >= from && i.reportedAt <= to),
    ),
  };
}

/** Shared bookmarks (from the feed) and this workstation's, in the period, oldest first. */
function allBookmarks(
  state: OperationState,
  local: readonly TimelineBookmark[],
  from: number,
  to: number,
): TimelineBookmark[] {
  return [...sharedBookmarks(state), ...local]
    .filter((b) => b.at >= from && b.at <= to)
    .sort((a, b) => a.at - b.at);
}

/**
 * Each unit's track in the period, read a group of units at a time when the writer gets to it
 * (never a statement held open across the writer's pauses: the live feed commits on the same
 * connection). A group is one pass over the period's reports, which are kept in time order.
 */
function* tracks(store: ReplayReader, state: OperationState, from: number, to: number): Generator<UnitTrack> {
  const units = Object.values(state.units).sort((a, b) => a.callsign.localeCompare(b.callsign));
  for (let i = 0; i < units.length; i += TRACK_GROUP) {
    const group = units.slice(i, i + TRACK_GROUP);
    const points = store.tracks(
      group.map((u) => u.unitId),
      from,
      to,
    );
    for (const unit of group) yield { unit, points: points.get(unit.unitId) ?? [] };
  }
}

/** Units read per pass: bounds what is held at once (a 72-hour track is 26,000 points). */
const TRACK_GROUP = 100;

/** Writes a whole file under a temporary name and renames it, so a reader never sees half of it. */
function writeWhole(path: string, text: string): void {
  const partial = `${path}.partial`;
  try {
    writePrivateFile(partial, text);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * A copy of an opened archive. copyFile gives the copy the source's mode (an archive brought on a
 * stick may be readable by all): it is made owner-only before it appears under its name.
 */
async function copyArchive(source: string, path: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await copyFile(source, partial);
    makePrivate(partial);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
