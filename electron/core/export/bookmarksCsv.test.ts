import { parse } from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOOKMARK_COLUMNS, bookmarksCsv } from './bookmarksCsv';
import { exportBookmarks, HOSTILE, START } from './exportFixtures';
import { CSV_BOM } from './incidentsCsv';
import type { ExportMeta } from './types';

const meta: ExportMeta = {
  operationId: 'JO-1',
  operationName: 'N',
  mode: 'exercise',
  exportedAt: START,
  from: null,
  to: null,
};

describe('bookmarksCsv', () => {
  it('lists local and shared bookmarks in time order, hostile text guarded and recovered', () => {
    const csv = bookmarksCsv(exportBookmarks(), meta);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const result = parse<Record<string, string>>(csv, { header: true });
    expect(result.errors).toEqual([]);
    expect(result.meta.fields).toEqual([...BOOKMARK_COLUMNS]);
    expect(result.data).toEqual([
      {
        operationId: 'JO-1',
        mode: 'EXERCISE',
        bookmarkId: 'B0',
        at: '2026-10-05T07:00:00.000Z',
        label: "'=cmd",
        note: 'same time, lower id',
        author: 'JOC',
        shared: 'true',
      },
      {
        operationId: 'JO-1',
        mode: 'EXERCISE',
        bookmarkId: 'B1',
        at: '2026-10-05T07:00:00.000Z',
        label: 'Shift change',
        note: `'${HOSTILE.note}`,
        author: 'JOC',
        shared: 'true',
      },
      {
        operationId: 'JO-1',
        mode: 'EXERCISE',
        bookmarkId: 'B2',
        at: '2026-10-05T08:00:00.000Z',
        label: `'${HOSTILE.bookmark}`,
        note: '',
        author: 'desk 1',
        shared: 'false',
      },
    ]);
  });

  it('does not reorder the caller’s array', () => {
    const bookmarks = exportBookmarks();
    const ids = bookmarks.map((b) => b.bookmarkId);
    bookmarksCsv(bookmarks, meta);
    expect(bookmarks.map((b) => b.bookmarkId)).toEqual(ids);
  });
});
