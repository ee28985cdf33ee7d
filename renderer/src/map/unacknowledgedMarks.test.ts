import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/state';
import { countUnacknowledged } from '../panels/selectors';
import { PULSE_MAX, pulseSplit, unacknowledged, visibleIncidents } from './mapData';

const incident = (n: number, status: Incident['status'], acknowledgedAt: number | null): Incident =>
  ({
    incidentId: `INC-${n}`,
    priority: ((n % 4) + 1) as Incident['priority'],
    reportedAt: 1_000 + n,
    status,
    acknowledgedAt,
  }) as Incident;

/** The incidents the map marks as waiting for the officer, as the map view derives them. */
function markedOnMap(incidents: Readonly<Record<string, Incident>>): Set<string> {
  const { pulsing, steady } = pulseSplit(unacknowledged(visibleIncidents(incidents)));
  return new Set([...pulsing, ...steady].map((i) => i.incidentId));
}

describe('the map and the feed agree on what waits for the officer', () => {
  it('marks on the map exactly the incidents the feed counts as unacknowledged, a resolved one neither', () => {
    const list = [
      incident(1, 'reported', null),
      incident(2, 'assigned', null),
      incident(3, 'acknowledged', 1_500),
      // Resolved by its unit before anyone acknowledged it: on the map (faded), not waiting.
      incident(4, 'resolved', null),
      incident(5, 'closed', null),
      // Enough more that some keep a steady ring instead of pulsing: those are marked too.
      ...Array.from({ length: PULSE_MAX + 10 }, (_, i) => incident(100 + i, 'reported', null)),
    ];
    const incidents = Object.fromEntries(list.map((i) => [i.incidentId, i]));
    const marked = markedOnMap(incidents);
    expect(marked.size).toBe(countUnacknowledged(incidents));
    expect(marked.has('INC-4')).toBe(false);
    expect(visibleIncidents(incidents).map((i) => i.incidentId)).toContain('INC-4');
    expect(marked.has('INC-1') && marked.has('INC-2')).toBe(true);
  });
});
