import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../shared/units';
import { byId, makeIncident } from '../panels/testFixtures';
import { incidentReportedAt } from './stepToIncident';

describe('the incident a step of replay lands on', () => {
  it('is the one reported at that moment, the most urgent of several', () => {
    const incidents = byId(
      [
        makeIncident('I1', { reportedAt: epochMs(1_000), priority: 3 }),
        makeIncident('I2', { reportedAt: epochMs(2_000), priority: 3 }),
        makeIncident('I3', { reportedAt: epochMs(2_000), priority: 1 }),
      ],
      (i) => i.incidentId,
    );
    expect(incidentReportedAt(incidents, 1_000)?.incidentId).toBe('I1');
    expect(incidentReportedAt(incidents, 2_000)?.incidentId).toBe('I3');
    expect(incidentReportedAt(incidents, 1_500)).toBeNull();
  });
});
