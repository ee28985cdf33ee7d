import type { Unit } from '../../../shared/state';

/** How current a unit's last reported position is. */
export type Freshness = 'fresh' | 'stale' | 'lost';

/** The limits that decide {@link Freshness} (a subset of the view settings). */
export interface FreshnessSettings {
  readonly staleAfterMs: number;
  readonly lostContactAfterMs: number;
}

/**
 * "Now" for staleness, in operation time. Position timestamps are operation time, so comparing
 * them with the local wall clock would mark every unit lost during a replay or when the server's
 * clock differs from ours; the newest event's time is the operation's present. Before any event
 * has arrived there is nothing better than the wall clock.
 */
export function operationNow(lastEventAt: number | null | undefined, wallNow: number): number {
  return lastEventAt ?? wallNow;
}

/**
 * Whether a unit's position is fresh, stale or lost, measured against `opNow` (operation time,
 * see {@link operationNow}). A unit that has never reported a position counts as lost: the
 * control room has no contact with it. Status (off duty etc.) is deliberately not considered here;
 * callers decide how an inactive unit's age matters.
 */
export function unitFreshness(
  unit: Pick<Unit, 'position'>,
  opNow: number,
  settings: FreshnessSettings,
): Freshness {
  const position = unit.position;
  if (!position) return 'lost';
  const age = opNow - position.at;
  if (age > settings.lostContactAfterMs) return 'lost';
  if (age > settings.staleAfterMs) return 'stale';
  return 'fresh';
}
