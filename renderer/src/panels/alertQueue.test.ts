import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../shared/units';
import { MAX_ALERTS, pushAlerts, shownAlerts } from './alertQueue';
import { byId, makeIncident } from './testFixtures';

describe('the alert queue', () => {
  it('puts new alerts first, each once, and keeps at most MAX_ALERTS', () => {
    expect(pushAlerts(['A', 'B'], ['C', 'A'])).toEqual(['C', 'A', 'B']);
    const burst = Array.from({ length: MAX_ALERTS + 5 }, (_, i) => `I${i}`);
    expect(pushAlerts([], burst)).toHaveLength(MAX_ALERTS);
  });
  it('stops showing an incident once it is acknowledged (anywhere) or gone, newest first', () => {
    const incidents = byId(
      [
        makeIncident('P1', { priority: 1 }),
        makeIncident('P2', { priority: 2 }),
        makeIncident('ACKED', { priority: 1, acknowledgedAt: epochMs(5), acknowledgedBy: 'Other desk' }),
      ],
      (i) => i.incidentId,
    );
    expect(shownAlerts(['P2', 'ACKED', 'GONE', 'P1'], incidents).map((i) => i.incidentId)).toEqual([
      'P2',
      'P1',
    ]);
  });
});
