import Database from 'better-sqlite3';
import type { EventDraft } from './scenario';

/** An event as the server stores and sends it. */
export interface LoggedEvent {
  seq: number;
  id: string;
  ts: number;
  type: string;
  payload: Record<string, unknown>;
}

interface Row {
  seq: number;
  id: string;
  ts: number;
  type: string;
  payload: string;
}

const SCHEMA_VERSION = 1;

/**
 * The reference server's own event log, in SQLite, so that the server can be restarted (or crash)
 * and still answer `resume` for every seq it held, and so that `--dump` writes a file that the
 * server (and the benchmarks) can open again. Events older than the retention window are deleted,
 * which is what makes a client that was away too long fall back to a snapshot.
 */
export class EventLog {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement<[number, string, number, string, string]>;
  private readonly selectRange: Database.Statement<[number, number, number], Row>;
  private readonly insertCommand: Database.Statement<[string, string, number]>;
  private readonly selectCommand: Database.Statement<[string], { seqs: string }>;
  private last: number;
  private oldest: number;

  constructor(path: string, options: { synchronous?: 'FULL' | 'NORMAL' | 'OFF' } = {}) {
    this.path = path;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // The server's log is a test peer, not the officers' store: NORMAL keeps every committed event
    // across a process crash, which is the fault the tests inject; OFF is for --dump, a throwaway file.
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS events (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          type TEXT NOT NULL,
          payload TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS commands (
          command_id TEXT PRIMARY KEY,
          seqs TEXT NOT NULL,
          received_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else if (version !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `${path} is a simulator log of schema version ${version}; this simulator reads version ${SCHEMA_VERSION}.`,
      );
    }
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (seq, id, ts, type, payload) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectRange = this.db.prepare(
      'SELECT seq, id, ts, type, payload FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    );
    this.insertCommand = this.db.prepare(
      'INSERT INTO commands (command_id, seqs, received_at) VALUES (?, ?, ?)',
    );
    this.selectCommand = this.db.prepare('SELECT seqs FROM commands WHERE command_id = ?');
    const bounds = this.db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM events').get() as {
      lo: number | null;
      hi: number | null;
    };
    this.last = bounds.hi ?? 0;
    this.oldest = bounds.lo ?? 1;
  }

  /** The seq of the newest event, 0 when empty. */
  get lastSeq(): number {
    return this.last;
  }

  /** The oldest seq still held. */
  get oldestSeq(): number {
    return this.oldest;
  }

  /** A stored setting of the log (which scenario wrote it). */
  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  /** Stores a setting of the log. */
  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /**
   * Gives the drafts their seqs and ids and commits them in one transaction. With a command id,
   * the command and the seqs it caused are committed in the same transaction, so a repeated
   * command can never apply twice, even across a crash.
   */
  append(
    operationId: string,
    drafts: readonly EventDraft[],
    command?: { id: string; receivedAt: number },
  ): LoggedEvent[] {
    const out: LoggedEvent[] = [];
    this.db.transaction(() => {
      let seq = this.last;
      for (const draft of drafts) {
        seq++;
        const event: LoggedEvent = {
          seq,
          id: `${operationId}.${seq}`,
          ts: draft.ts,
          type: draft.type,
          payload: draft.payload,
        };
        this.insertEvent.run(seq, event.id, event.ts, event.type, JSON.stringify(event.payload));
        out.push(event);
      }
      if (command)
        this.insertCommand.run(command.id, JSON.stringify(out.map((e) => e.seq)), command.receivedAt);
      this.last = seq;
    })();
    if (this.oldest > this.last) this.oldest = 1;
    return out;
  }

  /** The seqs a command caused the first time, or undefined for a command not seen before. */
  commandSeqs(commandId: string): number[] | undefined {
    const row = this.selectCommand.get(commandId);
    return row ? (JSON.parse(row.seqs) as number[]) : undefined;
  }

  /** Events with afterSeq < seq <= untilSeq, oldest first, at most `limit`. */
  range(afterSeq: number, untilSeq = this.last, limit = 1000): LoggedEvent[] {
    return this.selectRange.all(afterSeq, untilSeq, limit).map((row) => ({
      seq: row.seq,
      id: row.id,
      ts: row.ts,
      type: row.type,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
    }));
  }

  /** Calls `visit` with every event in batches, oldest first (for folding the log on start). */
  forEachBatch(visit: (batch: LoggedEvent[]) => void, afterSeq = this.oldest - 1, batchSize = 10_000): void {
    for (let after = afterSeq; after < this.last;) {
      const batch = this.range(after, this.last, batchSize);
      if (batch.length === 0) break;
      visit(batch);
      after = batch[batch.length - 1]!.seq;
    }
  }

  /** Saves the folded state at a seq, so that a restart need not fold what retention deleted. */
  saveCheckpoint(seq: number, state: unknown): void {
    this.db.transaction(() => {
      this.setMeta('checkpointSeq', String(seq));
      this.setMeta('checkpointState', JSON.stringify(state));
    })();
  }

  /** The last saved checkpoint, if any. */
  loadCheckpoint(): { seq: number; state: unknown } | undefined {
    const seq = this.getMeta('checkpointSeq');
    const state = this.getMeta('checkpointState');
    return seq && state ? { seq: Number(seq), state: JSON.parse(state) as unknown } : undefined;
  }

  /**
   * Forgets events older than the newest `keep`, as a server with a bounded resume window does;
   * never past the last checkpoint, which a restart folds forward from.
   */
  retain(keep: number): void {
    const checkpoint = Number(this.getMeta('checkpointSeq') ?? 0);
    const cutoff = Math.min(this.last - keep, checkpoint);
    if (cutoff < this.oldest) return;
    this.db.prepare('DELETE FROM events WHERE seq <= ?').run(cutoff);
    this.oldest = cutoff + 1;
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
