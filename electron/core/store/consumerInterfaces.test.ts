import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../Core';
import {
  SqliteStore,
  type BookmarkStore,
  type FeedWriter,
  type OutboxView,
  type ReplayReader,
} from './SqliteStore';

/**
 * Each consumer of the store sees its own interface, and the type checker holds it to it: every
 * `@ts-expect-error` below is a use `npx tsc -b` refuses (and would report as unused if it were
 * allowed). The runtime checks say the parts handed out are the store's own.
 */
describe('the store as its consumers see it', () => {
  it("gives replay a reader that cannot write, ingest a writer that cannot read, and keeps the core's store private", () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchfloor-consumers-'));
    const { store } = SqliteStore.open(join(dir, 's.sqlite'));
    try {
      const reader: ReplayReader = store.reader;
      // @ts-expect-error replay reads: it cannot commit to the live log
      expect(reader.commitBatch).toBeUndefined();
      // @ts-expect-error replay reads: it cannot touch the outbox
      expect(reader.outbox).toBeUndefined();

      const writer: FeedWriter = store.feedWriter();
      // @ts-expect-error ingest writes: it has no replay reads
      expect(writer.timeRange).toBeUndefined();
      // @ts-expect-error ingest writes: it cannot reach the connection
      expect(writer.db).toBeUndefined();

      const outbox: OutboxView = store.outbox;
      expect(outbox.depth()).toBe(0);
      const bookmarks: BookmarkStore = store.bookmarks;
      expect(bookmarks.list('OP')).toEqual([]);

      // The core hands out parts, never its store.
      const reachStore = (core: Core): unknown =>
        // @ts-expect-error Core.store is private
        core.store;
      const parts = (core: Core): unknown[] => [core.replaySource(), core.bookmarks, core.commands];
      expect([reachStore, parts]).toHaveLength(2);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
