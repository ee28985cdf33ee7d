import type { Incident, Unit } from './state';

/**
 * The rules of the picture that the map, the panels, the commands and the tooltips must agree on.
 * Each was written separately before, and they drifted: a resolved but unacknowledged incident
 * pulsed on the map while the feed did not count it. Anything that asks "does this need the
 * officer?", "is this unit in play?" or "what time is it in the operation?" asks here.
 */

/** Still needs attention: neither resolved nor closed. */
export function isOpenIncident(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved' && incident.status !== 'closed';
}

/**
 * Waits for a watch officer to acknowledge it: open, and nobody has. A resolved incident no longer
 * waits (its unit dealt with it), so it neither pulses on the map nor counts in the feed.
 */
export function isUnacknowledged(incident: Pick<Incident, 'status' | 'acknowledgedAt'>): boolean {
  return incident.acknowledgedAt === null && isOpenIncident(incident);
}

/** Drawn on the map: everything not closed (a resolved incident stays, faded, until it is closed). */
export function isIncidentOnMap(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'closed';
}

/**
 * Off duty or out of service: not counted as deployed, drawn grey, and not checked for contact
 * (a unit at its base with the radio off is not a lost unit).
 */
export function isInactiveUnit(unit: Pick<Unit, 'status'>): boolean {
  return unit.status === 'off_duty' || unit.status === 'out_of_service';
}

/**
 * "Now" in operation time, the one clock ages, staleness and "overdue" are measured against. In
 * replay it is the moment of the replayed picture (`replayAt`: the picture on screen, not the cursor,
 * which runs ahead while dragging). Live it is the time of the newest event: position and incident
 * times are operation time, and the reference server may run faster or slower than the wall clock,
 * so comparing them with the local clock would mark every unit lost. Before any event has arrived
 * there is nothing better than the wall clock.
 */
export function operationNow(
  lastEventAt: number | null | undefined,
  wallNow: number,
  replayAt: number | null = null,
): number {
  return replayAt ?? lastEventAt ?? wallNow;
}

/** How current a unit's last reported position is. */
export type Freshness = 'fresh' | 'stale' | 'lost';

/** The limits that decide {@link Freshness} (the officer's preferences, in milliseconds). */
export interface FreshnessSettings {
  readonly staleAfterMs: number;
  readonly lostContactAfterMs: number;
}

/**
 * How current a report made at `reportedAt` is at `opNow` (operation time, see {@link operationNow}).
 * No report (null, or not a time: a unit the position columns hold without a position) is lost
 * contact: the control room has no contact with it.
 */
export function reportFreshness(
  reportedAt: number | null,
  opNow: number,
  settings: FreshnessSettings,
): Freshness {
  if (reportedAt === null || !Number.isFinite(reportedAt)) return 'lost';
  const age = opNow - reportedAt;
  if (age > settings.lostContactAfterMs) return 'lost';
  if (age > settings.staleAfterMs) return 'stale';
  return 'fresh';
}

/**
 * Whether a unit's position is fresh, stale or lost ({@link reportFreshness} of its last report).
 * Status is deliberately not considered here: callers decide, with {@link isInactiveUnit}, how an
 * inactive unit's age matters.
 */
export function unitFreshness(
  unit: Pick<Unit, 'position'>,
  opNow: number,
  settings: FreshnessSettings,
): Freshness {
  return reportFreshness(unit.position?.at ?? null, opNow, settings);
}
