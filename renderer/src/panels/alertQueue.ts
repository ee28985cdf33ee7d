import { isUnacknowledged } from '../../../shared/domainRules';
import { getOwn } from '../../../shared/getOwn';
import type { Incident } from '../../../shared/state';

/** Alerts kept in the queue; a burst (a reload of a whole operation) must not pile up forever. */
export const MAX_ALERTS = 20;

/** The new urgent incidents go first (newest first), each once; the oldest beyond the cap fall off. */
export function pushAlerts(queue: readonly string[], urgent: readonly string[]): string[] {
  return [...urgent, ...queue.filter((id) => !urgent.includes(id))].slice(0, MAX_ALERTS);
}

/**
 * The alerts still worth showing, most urgent first (a P1 is shown before a newer P2), newest
 * first within a priority: an incident acknowledged (here or at another workstation) or gone
 * from the picture no longer alerts, so acknowledging clears the banner without a second click.
 */
export function shownAlerts(
  queue: readonly string[],
  incidents: Readonly<Record<string, Incident>>,
): Incident[] {
  const shown: Incident[] = [];
  for (const id of queue) {
    const incident = getOwn(incidents, id);
    if (incident && isUnacknowledged(incident)) shown.push(incident);
  }
  // A stable sort keeps the queue's newest-first order within a priority.
  return shown.sort((a, b) => a.priority - b.priority);
}
