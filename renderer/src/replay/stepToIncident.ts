import type { Incident } from '../../../shared/state';
import { focusIncident } from '../map/mapActions';
import { ui } from '../store/uiStore';

/**
 * The incident a step of replay lands on: the one reported at that moment (the most urgent, when
 * several were reported in the same millisecond).
 */
export function incidentReportedAt(
  incidents: Readonly<Record<string, Incident>>,
  at: number,
): Incident | null {
  let found: Incident | null = null;
  for (const incident of Object.values(incidents))
    if (incident.reportedAt === at && (found === null || incident.priority < found.priority))
      found = incident;
  return found;
}

/** How long a step waits for the picture of the moment it landed on (a seek still on its way). */
const PICTURE_WAIT_MS = 10_000;

/**
 * `]` and `[` (and the timeline's buttons): replay to the next or previous incident, which is then
 * selected (its drawer opens) and shown on the map clear of the drawer. The picture of that moment
 * may come after the step returns (another seek was on its way), so the selection waits for it.
 */
export async function stepToIncident(direction: 1 | -1): Promise<void> {
  const before = ui.snapshot.replay?.at;
  await ui.step(direction, 'incident');
  const at = ui.snapshot.replay?.at;
  if (at === undefined || at === before) return;
  const select = (): boolean => {
    const replay = ui.snapshot.replay;
    if (!replay || replay.at !== at) return true; // moved on since: nothing to select
    const incident = incidentReportedAt(ui.snapshot.state.incidents, at);
    if (incident) focusIncident(incident);
    return incident !== null;
  };
  if (select()) return;
  const stop = ui.subscribe(() => {
    if (select()) finish();
  });
  const timer = setTimeout(() => finish(), PICTURE_WAIT_MS);
  const finish = (): void => {
    stop();
    clearTimeout(timer);
  };
}
