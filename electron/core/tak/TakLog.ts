import type { TakTrack } from '../../../shared/tak';
import type { TimedDatabase } from '../store/TimedDatabase';

/**
 * The TAK layer's store: every CoT event received, with when it arrived on the operation's clock,
 * so that replay shows the TAK tracks as they were at the moment it replays (the newest event of
 * each uid received by then, unless it had gone stale). The sender's times are its own clock's:
 * a track's life on the operation clock is its stale time minus its time of receipt, at most
 * {@link TAK_MAX_LIFE_MS} (a server marker stale in a week would otherwise make every seek read
 * a week of rows).
 */

/** The longest a TAK track stays on the map after its last event. */
export const TAK_MAX_LIFE_MS = 60 * 60_000;

/** The newest track of each uid, in memory: the live TAK layer. */
export class TakPicture {
  private readonly tracks = new Map<string, TakTrack>();

  /** Keeps a track unless an event of the same uid made later is held already. */
  upsert(track: TakTrack): boolean {
    const held = this.tracks.get(track.uid);
    if (held && held.time > track.time) return false;
    this.tracks.set(track.uid, track);
    return true;
  }

  /** The tracks not stale at `now` (this workstation's clock); stale ones are dropped. */
  current(now: number): TakTrack[] {
    for (const [uid, t] of this.tracks) if (takLifeEnd(t, t.receivedAt) <= now) this.tracks.delete(uid);
    return [...this.tracks.values()].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  }
}

/** When a track received at `at` (on some clock) goes stale on that clock. */
export function takLifeEnd(track: TakTrack, at: number): number {
  return at + Math.min(TAK_MAX_LIFE_MS, Math.max(0, track.stale - track.receivedAt));
}

export class TakLog {
  constructor(private readonly db: TimedDatabase) {}

  /** Stores a track received at operation time `opAt`. */
  add(track: TakTrack, opAt: number): void {
    this.db
      .prepare<[string, number, number, number, string]>(
        'INSERT INTO tak_tracks (uid, op_at, op_stale_at, received_at, track) VALUES (?, ?, ?, ?, ?)',
      )
      .run(track.uid, opAt, takLifeEnd(track, opAt), track.receivedAt, JSON.stringify(track));
  }

  /**
   * The TAK layer at operation time `at`: of each uid the newest event received by then, if it had
   * not gone stale. Reads only the rows of the last {@link TAK_MAX_LIFE_MS} (older ones are stale).
   */
  at(at: number): TakTrack[] {
    return this.db
      .prepare<[number, number, number], { track: string; op_stale_at: number }>(
        `SELECT track, op_stale_at FROM tak_tracks WHERE id IN (
           SELECT max(id) FROM tak_tracks WHERE op_at <= ? AND op_at > ? GROUP BY uid
         ) AND op_stale_at > ? ORDER BY uid`,
      )
      .all(at, at - TAK_MAX_LIFE_MS, at)
      .map((r) => JSON.parse(r.track) as TakTrack);
  }

  /** Rows stored (diagnostics, tests). */
  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tak_tracks').get()!.n;
  }
}
