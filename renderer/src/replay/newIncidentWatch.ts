import type { Incident } from '../../../shared/state';
import { isUnacknowledged } from '../../../shared/domainRules';
import { isAlertPriority, unseenIncidents } from '../panels/selectors';

/**
 * Which incidents are news, for the priority alert and its sound. Only the live picture brings
 * news: incidents that appear while a replay moves through the past are history, and so is the
 * picture loaded at start. Back from a replay, incidents seen live before it stay quiet; those
 * reported live meanwhile alert once, and only while nobody has acknowledged them yet.
 */
export class NewIncidentWatch {
  private seen: Set<string> | null = null;
  /** 'returning': replay has just ended and the picture is still the replayed one until the live one loads. */
  private phase: 'live' | 'replay' | 'returning' = 'live';

  /**
   * Looks at the picture now; answers the incidents to alert for (most recent first), usually none.
   * `ready` is false until the first snapshot is in; `replaying` while the picture is a replay's.
   */
  observe(incidents: Readonly<Record<string, Incident>>, ready: boolean, replaying: boolean): Incident[] {
    if (!ready) return [];
    if (replaying) {
      this.phase = 'replay';
      return [];
    }
    if (this.phase === 'replay') {
      // Replay has just been left: this picture is still the replayed moment's.
      this.phase = 'returning';
      return [];
    }
    if (this.seen === null) {
      this.seen = new Set(Object.keys(incidents));
      this.phase = 'live';
      return [];
    }
    const fresh = unseenIncidents(this.seen, incidents);
    for (const incident of fresh) this.seen.add(incident.incidentId);
    const returning = this.phase === 'returning';
    this.phase = 'live';
    return fresh.filter(
      (incident) => isAlertPriority(incident.priority) && (!returning || isUnacknowledged(incident)),
    );
  }
}
