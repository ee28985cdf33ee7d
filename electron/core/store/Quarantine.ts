import { boundedJson } from './boundedJson';
import type { TimedDatabase } from './TimedDatabase';

/** A message that failed validation, as handed to the quarantine. */
export interface QuarantineEntry {
  reason: string;
  raw: unknown;
  receivedAt: number;
}

/** A quarantined message as kept: its text bounded. */
export interface QuarantinedMessage {
  receivedAt: number;
  reason: string;
  raw: string;
  rawBytes: number;
}

/** What the feed's ingest and the core write to the quarantine. */
export interface QuarantineWriter {
  quarantine(entries: readonly QuarantineEntry[]): void;
}

const RAW_LIMIT = 16_384;

/** The messages the feed sent that failed validation: kept (bounded) for support, never applied. */
export class Quarantine implements QuarantineWriter {
  private kept: number;
  private readonly insert;

  constructor(private readonly db: TimedDatabase) {
    this.insert = db.prepare<[number, string, string, number]>(
      'INSERT INTO quarantine (received_at, reason, raw, raw_bytes) VALUES (?, ?, ?, ?)',
    );
    this.kept = db.prepare<[], number>('SELECT COUNT(*) FROM quarantine').pluck().get() ?? 0;
  }

  /** Keeps the entries, in one transaction. */
  quarantine(entries: readonly QuarantineEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(`quarantine of ${entries.length}`, () => {
      for (const entry of entries) {
        // Bounded and depth-safe: what was too deep or too large to validate is kept as text too.
        const { text, bytes } = boundedJson(entry.raw, RAW_LIMIT);
        this.insert.run(entry.receivedAt, entry.reason.slice(0, 1000), text, bytes);
      }
    });
    this.kept += entries.length;
  }

  /** How many messages are quarantined (kept in memory: the status asks often). */
  count(): number {
    return this.kept;
  }

  /** The quarantined messages, newest first. */
  entries(limit = 100): QuarantinedMessage[] {
    return this.db
      .prepare<[number], { received_at: number; reason: string; raw: string; raw_bytes: number }>(
        'SELECT received_at, reason, raw, raw_bytes FROM quarantine ORDER BY id DESC LIMIT ?',
      )
      .all(limit)
      .map((r) => ({ receivedAt: r.received_at, reason: r.reason, raw: r.raw, rawBytes: r.raw_bytes }));
  }
}
