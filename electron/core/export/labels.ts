import type { OperationState } from '../../../shared/state';
import type { ExportMeta } from './types';

/**
 * The words every export carries: times in one format and the operation's mode spelt out, so that
 * exercise data that has left the application is never taken for a real operation's.
 */

/** A time as UTC ISO 8601 with milliseconds, the one format of every export; null stays null. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * The mode in capitals ("EXERCISE", "LIVE"). A mode this version does not know is kept (letters,
 * digits and _ only), because dropping it could make training data look like a real operation's.
 */
export function modeLabel(mode: string): string {
  const label = mode.toUpperCase().replace(/[^A-Z0-9_]/g, '');
  return label === '' ? 'UNKNOWN MODE' : label;
}

/** True unless the operation is known to be live: everything else gets marked on every item. */
export function isMarkedMode(mode: string): boolean {
  return mode !== 'live';
}

/** A document title: "EXERCISE — Joint Operation … (JO-1)". */
export function exportTitle(meta: ExportMeta): string {
  return `${modeLabel(meta.mode)} — ${meta.operationName} (${meta.operationId})`;
}

/** One paragraph for a document's description: what it is, which window, when exported. */
export function exportDescription(meta: ExportMeta): string {
  const what =
    meta.mode === 'live'
      ? 'LIVE operation data.'
      : meta.mode === 'exercise'
        ? 'EXERCISE — training data, not a real operation.'
        : `${modeLabel(meta.mode)} — not marked as a live operation.`;
  const window = `Window: ${isoTime(meta.from) ?? 'start'} to ${isoTime(meta.to) ?? 'end'}.`;
  return `${what} Operation ${meta.operationName} (${meta.operationId}). ${window} Exported ${isoTime(meta.exportedAt)} by Watchfloor.`;
}

/** A name prefix for single items (placemarks, tracks) when the operation is not live. */
export function itemPrefix(meta: ExportMeta): string {
  return isMarkedMode(meta.mode) ? `[${modeLabel(meta.mode)}] ` : '';
}

/**
 * The meta of an export of `state`, so that callers take the id, name and mode from the picture
 * itself and cannot label an exercise as live by hand. Throws when no operation has started.
 */
export function exportMetaOf(
  state: OperationState,
  exportedAt: number,
  from: number | null = null,
  to: number | null = null,
): ExportMeta {
  const { operation } = state;
  if (operation === null) throw new Error('export: no operation in the state');
  return {
    operationId: operation.operationId,
    operationName: operation.name,
    mode: operation.mode,
    exportedAt,
    from,
    to,
  };
}

/** The GeoJSON foreign member and GPX/KML header data: the meta with its times as ISO strings. */
export interface ExportMetaJson {
  operationId: string;
  operationName: string;
  mode: string;
  modeLabel: string;
  exportedAt: string;
  from: string | null;
  to: string | null;
}

/** See {@link ExportMetaJson}. */
export function exportMetaJson(meta: ExportMeta): ExportMetaJson {
  return {
    operationId: meta.operationId,
    operationName: meta.operationName,
    mode: meta.mode,
    modeLabel: modeLabel(meta.mode),
    exportedAt: isoTime(meta.exportedAt),
    from: isoTime(meta.from),
    to: isoTime(meta.to),
  };
}
