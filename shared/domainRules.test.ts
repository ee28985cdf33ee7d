import { describe, expect, it } from 'vitest';
import { UNIT_STATUSES } from './domain';
import type { Incident, Unit, UnitPosition } from './state';
import { epochMs, meters } from './units';
import {
  isInactiveUnit,
  isIncidentOnMap,
  isOpenIncident,
  isUnacknowledged,
  operationNow,
  reportFreshness,
  unitFreshness,
} from './domainRules';

const settings = { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 };
const T0 = 1_750_000_000_000;

function unitAt(at: number | null): Pick<Unit, 'position'> {
  const position: UnitPosition | null =
    at === null ? null : { lon: 20, lat: 42, heading: 0, speed: 0, accuracy: meters(10), at: epochMs(at) };
  return { position };
}

describe('unitFreshness', () => {
  it('is fresh up to and including the stale limit', () => {
    expect(unitFreshness(unitAt(T0), T0, settings)).toBe('fresh');
    expect(unitFreshness(unitAt(T0), T0 + settings.staleAfterMs, settings)).toBe('fresh');
  });

  it('is stale past the stale limit and up to the lost-contact limit', () => {
    expect(unitFreshness(unitAt(T0), T0 + settings.staleAfterMs + 1, settings)).toBe('stale');
    expect(unitFreshness(unitAt(T0), T0 + settings.lostContactAfterMs, settings)).toBe('stale');
  });

  it('is lost past the lost-contact limit', () => {
    expect(unitFreshness(unitAt(T0), T0 + settings.lostContactAfterMs + 1, settings)).toBe('lost');
  });

  it('treats a unit that never reported as lost', () => {
    expect(unitFreshness(unitAt(null), T0, settings)).toBe('lost');
  });

  it('treats a report newer than "now" as fresh', () => {
    expect(unitFreshness(unitAt(T0 + 60_000), T0, settings)).toBe('fresh');
  });

  it('measures in operation time, not wall-clock time', () => {
    // A replay of last year's exercise: positions are a year old by the wall clock but current
    // for the operation, so they must not all show as lost.
    const wallNow = T0 + 365 * 24 * 3_600_000;
    const opNow = operationNow(T0 + 1_000, wallNow);
    expect(opNow).toBe(T0 + 1_000);
    expect(unitFreshness(unitAt(T0), opNow, settings)).toBe('fresh');
  });
});

describe('operationNow', () => {
  it('falls back to the wall clock before any event', () => {
    expect(operationNow(null, T0)).toBe(T0);
    expect(operationNow(undefined, T0)).toBe(T0);
  });

  it('is the replayed moment in replay, whatever the newest event and the wall clock say', () => {
    // Ages in the roster, the map and the drawers are of the picture on screen, not of the live feed.
    expect(operationNow(T0 + 3_600_000, T0 + 7_200_000, T0)).toBe(T0);
    expect(operationNow(T0 + 3_600_000, T0 + 7_200_000, null)).toBe(T0 + 3_600_000);
  });
});

describe('reportFreshness', () => {
  it('judges a report time as unitFreshness judges the unit that made it, and no report as lost', () => {
    for (const age of [0, settings.staleAfterMs, settings.staleAfterMs + 1, settings.lostContactAfterMs + 1])
      expect(reportFreshness(T0, T0 + age, settings)).toBe(unitFreshness(unitAt(T0), T0 + age, settings));
    expect(reportFreshness(null, T0, settings)).toBe('lost');
    expect(reportFreshness(Number.NaN, T0, settings)).toBe('lost');
  });
});

describe('the incident rules the map and the feed share', () => {
  const incident = (status: Incident['status'], acknowledgedAt: number | null) => ({
    status,
    acknowledgedAt: acknowledgedAt === null ? null : epochMs(acknowledgedAt),
  });

  it('does not call a resolved incident unacknowledged: it neither pulses nor counts', () => {
    // The map pulsed resolved-but-never-acknowledged incidents while the feed did not count them.
    expect(isUnacknowledged(incident('resolved', null))).toBe(false);
    expect(isUnacknowledged(incident('closed', null))).toBe(false);
    expect(isUnacknowledged(incident('reported', null))).toBe(true);
    expect(isUnacknowledged(incident('assigned', null))).toBe(true);
    expect(isUnacknowledged(incident('reported', T0))).toBe(false);
  });

  it('keeps a resolved incident open on the map until it is closed, but not open for the officer', () => {
    expect(isIncidentOnMap(incident('resolved', null))).toBe(true);
    expect(isIncidentOnMap(incident('closed', T0))).toBe(false);
    expect(isOpenIncident(incident('resolved', T0))).toBe(false);
    expect(isOpenIncident(incident('acknowledged', T0))).toBe(true);
  });
});

describe('isInactiveUnit', () => {
  it('takes off-duty and out-of-service units out of play, every other status in', () => {
    const inactive = UNIT_STATUSES.filter((status) => isInactiveUnit({ status }));
    expect(inactive).toEqual(['off_duty', 'out_of_service']);
  });
});
