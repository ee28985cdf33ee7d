import { csvDocument, csvRow } from './incidentsCsv';
import { isoTime, modeLabel } from './labels';
import type { ExportBookmark, ExportMeta } from './types';

/** The bookmark CSV's columns. */
export const BOOKMARK_COLUMNS = [
  'operationId',
  'mode',
  'bookmarkId',
  'at',
  'label',
  'note',
  'author',
  'shared',
] as const;

/**
 * The moments marked during the operation, shared and local, in time order: the review's timeline
 * to walk through. Labels and notes are untrusted (shared ones come off the feed), so text cells
 * get the formula guard.
 */
export function bookmarksCsv(bookmarks: readonly ExportBookmark[], meta: ExportMeta): string {
  const data = [...bookmarks]
    .sort((a, b) => a.at - b.at || (a.bookmarkId < b.bookmarkId ? -1 : a.bookmarkId > b.bookmarkId ? 1 : 0))
    .map((b) =>
      csvRow([
        meta.operationId,
        modeLabel(meta.mode),
        b.bookmarkId,
        isoTime(b.at),
        b.label,
        b.note ?? null,
        b.author,
        b.shared ? 'true' : 'false',
      ]),
    );
  return csvDocument(BOOKMARK_COLUMNS, data);
}
