import type { TimedDatabase } from './TimedDatabase';

/** A bookmark kept on this workstation. */
export interface LocalBookmark {
  bookmarkId: string;
  operationId: string;
  at: number;
  label: string;
  note?: string;
  author: string;
  createdAt: number;
}

/** Reading the bookmarks kept on this workstation (an archive's, read only, included). */
export interface BookmarkReader {
  /** Bookmarks kept for an operation, oldest first. */
  list(operationId: string): LocalBookmark[];
}

/** The bookmarks kept on this workstation, for replay. */
export interface BookmarkStore extends BookmarkReader {
  /** Keeps a bookmark (for any operation, an opened archive's included). */
  add(bookmark: LocalBookmark): void;
  /** Removes a bookmark; false when there was none. */
  remove(bookmarkId: string): boolean;
}

/** The bookmarks table: kept per workstation, for any operation. */
export class Bookmarks implements BookmarkStore {
  constructor(private readonly db: TimedDatabase) {}

  list(operationId: string): LocalBookmark[] {
    return this.db
      .prepare<
        [string],
        {
          bookmark_id: string;
          at: number;
          label: string;
          note: string | null;
          author: string;
          created_at: number;
        }
      >(
        'SELECT bookmark_id, at, label, note, author, created_at FROM bookmarks WHERE operation_id = ? ORDER BY at, created_at',
      )
      .all(operationId)
      .map((r) => ({
        bookmarkId: r.bookmark_id,
        operationId,
        at: r.at,
        label: r.label,
        ...(r.note ? { note: r.note } : {}),
        author: r.author,
        createdAt: r.created_at,
      }));
  }

  add(bookmark: LocalBookmark): void {
    this.db
      .prepare(
        'INSERT INTO bookmarks (bookmark_id, operation_id, at, label, note, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        bookmark.bookmarkId,
        bookmark.operationId,
        bookmark.at,
        bookmark.label,
        bookmark.note ?? null,
        bookmark.author,
        bookmark.createdAt,
      );
  }

  remove(bookmarkId: string): boolean {
    return this.db.prepare('DELETE FROM bookmarks WHERE bookmark_id = ?').run(bookmarkId).changes > 0;
  }
}
