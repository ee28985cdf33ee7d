import type { Core } from '../../electron/core/Core';
import { SqliteStore, type StoredEvent } from '../../electron/core/store/SqliteStore';

/**
 * What a core's store holds, read as another process would read it: its own read-only connection
 * to the file (WAL lets it read what is committed while the core goes on writing). The core keeps
 * its store private, so a test looks at the file, never at the core's connection.
 */
export function readStoreOf<T>(core: Core, read: (store: SqliteStore) => T): T {
  const store = SqliteStore.openReader(core.storePath);
  try {
    return read(store);
  } finally {
    store.close();
  }
}

/** The core's log after `afterSeq` (every event, known or not), as stored. */
export function storedEvents(core: Core, afterSeq = 0, limit?: number): StoredEvent[] {
  return readStoreOf(core, (store) => store.liveLog.events(afterSeq, limit));
}
