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
  it('stops showing an incident once it is acknowledged (anywhere) or gone; P1 before a newer P2', () => {
    const incidents = byId(
      [
        makeIncident('P1', { priority: 1 }),
        makeIncident('P2', { priority: 2 }),
        makeIncident('P1-NEWER', { priority: 1 }),
        makeIncident('ACKED', { priority: 1, acknowledgedAt: epochMs(5), acknowledgedBy: 'Other desk' }),
      ],
      (i) => i.incidentId,
    );
    const order = (queue: string[]): string[] => shownAlerts(queue, incidents).map((i) => i.incidentId);
    expect(order(['P2', 'ACKED', 'GONE', 'P1'])).toEqual(['P1', 'P2']);
    expect(order(['P1-NEWER', 'P2', 'P1'])).toEqual(['P1-NEWER', 'P1', 'P2']);
  });
});
