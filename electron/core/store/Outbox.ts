import type { OutboxEntry } from '../../../shared/coreTypes';
import type { TimedDatabase } from './TimedDatabase';

/** What the UI reads of the outbox. */
export interface OutboxView {
  /** The commands with the given status (all when none), oldest first. */
  list(status?: OutboxEntry['status']): OutboxEntry[];
  /** How many commands wait to be sent. */
  depth(): number;
  /** The pending commands and the most recent others, oldest first. */
  recent(limit?: number): OutboxEntry[];
}

/** What the core's command sender does with the outbox. */
export interface OutboxWriter extends OutboxView {
  add(entry: Omit<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'resultSeqs'>): void;
  result(
    commandId: string,
    result: { status: 'acked'; seqs: number[] } | { status: 'rejected'; error: string },
    at: number,
  ): void;
  attempt(commandId: string, error: string | null, at: number): void;
}

/** An outbox row as SQLite returns it. */
interface OutboxRow {
  command_id: string;
  type: string;
  payload: string;
  issued_by: string;
  created_at: number;
  status: OutboxEntry['status'];
  attempts: number;
  last_error: string | null;
  result_seqs: string | null;
}

/** The officers' commands: written before they are sent, each with where it stands. */
export class Outbox implements OutboxWriter {
  constructor(private readonly db: TimedDatabase) {}

  list(status?: OutboxEntry['status']): OutboxEntry[] {
    const rows = status
      ? this.db
          .prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE status = ? ORDER BY created_at, rowid')
          .all(status)
      : this.db.prepare<[], OutboxRow>('SELECT * FROM outbox ORDER BY created_at, rowid').all();
    return rows.map(toOutboxEntry);
  }

  depth(): number {
    return (
      this.db.prepare<[], number>("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").pluck().get() ?? 0
    );
  }

  recent(limit = 200): OutboxEntry[] {
    // Read on every status push, so bounded in SQL rather than by reading the whole history.
    const done = this.db
      .prepare<[number], OutboxRow>(
        `SELECT * FROM (SELECT *, rowid AS r FROM outbox WHERE status != 'pending' ORDER BY created_at DESC, rowid DESC LIMIT ?)
         ORDER BY created_at, r`,
      )
      .all(limit);
    return [...done.map(toOutboxEntry), ...this.list('pending')];
  }

  add(entry: Omit<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'resultSeqs'>): void {
    this.db
      .prepare(
        'INSERT INTO outbox (command_id, type, payload, issued_by, created_at, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.commandId,
        entry.type,
        JSON.stringify(entry.payload),
        entry.issuedBy,
        entry.createdAt,
        'pending',
        entry.createdAt,
      );
  }

  result(
    commandId: string,
    result: { status: 'acked'; seqs: number[] } | { status: 'rejected'; error: string },
    at: number,
  ): void {
    this.db
      .prepare(
        'UPDATE outbox SET status = ?, result_seqs = ?, last_error = ?, updated_at = ? WHERE command_id = ?',
      )
      .run(
        result.status,
        result.status === 'acked' ? JSON.stringify(result.seqs) : null,
        result.status === 'rejected' ? result.error : null,
        at,
        commandId,
      );
  }

  attempt(commandId: string, error: string | null, at: number): void {
    this.db
      .prepare(
        'UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE command_id = ?',
      )
      .run(error, at, commandId);
  }
}

function toOutboxEntry(r: OutboxRow): OutboxEntry {
  return {
    commandId: r.command_id,
    type: r.type,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    issuedBy: r.issued_by,
    createdAt: r.created_at,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    resultSeqs: r.result_seqs ? (JSON.parse(r.result_seqs) as number[]) : null,
  };
}
