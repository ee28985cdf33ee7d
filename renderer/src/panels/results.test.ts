import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../shared/units';
import { aggregateResults, emptyTotals, resultCountry, UNKNOWN_COUNTRY } from './results';
import { byId, makeIncident, makeSector, makeUnit } from './testFixtures';

const sectors = byId(
  [makeSector('S1', { countries: ['HR', 'RS'] }), makeSector('S2', { countries: ['HU', 'RS'] })],
  (s) => s.sectorId,
);
const units = byId([makeUnit('U1', { country: 'RS' }), makeUnit('U2', { country: 'HU' })], (u) => u.unitId);
const day1 = Date.UTC(2026, 9, 5, 10);
const day2 = Date.UTC(2026, 9, 6, 0, 30);

describe('resultCountry', () => {
  it('credits the reporting unit when known', () => {
    expect(resultCountry({ reportedBy: 'U1', sectorId: 'S1' }, units, sectors)).toBe('RS');
  });
  it('falls back to the sector’s first country, then to unknown', () => {
    expect(resultCountry({ reportedBy: 'nobody', sectorId: 'S1' }, units, sectors)).toBe('HR');
    expect(resultCountry({ sectorId: 'S2' }, units, sectors)).toBe('HU');
    expect(resultCountry({ sectorId: 'S9' }, units, sectors)).toBe(UNKNOWN_COUNTRY);
    expect(resultCountry({}, units, sectors)).toBe(UNKNOWN_COUNTRY);
  });
});

describe('aggregateResults', () => {
  it('is all zeros for no incidents', () => {
    const r = aggregateResults({}, {}, {});
    expect(r.totals).toEqual(emptyTotals());
    expect(r.byCountry).toEqual([]);
    expect(r.byDay).toEqual([]);
    expect(r.incidentsWithResults).toBe(0);
  });

  it('sums totals, by country and by UTC day, and the parts add up to the totals', () => {
    const incidents = byId(
      [
        makeIncident('I1', {
          reportedBy: 'U1',
          sectorId: 'S1',
          reportedAt: epochMs(day1),
          counts: { migrants: 5, facilitators: 1, persons: 6 },
        }),
        makeIncident('I2', { sectorId: 'S1', reportedAt: epochMs(day1), counts: { drugsKg: 0.1 } }),
        makeIncident('I3', {
          sectorId: 'S2',
          reportedAt: epochMs(day2),
          counts: { drugsKg: 0.2, cigarettes: 400 },
        }),
        makeIncident('I4', {
          reportedBy: 'U2',
          sectorId: 'S1',
          reportedAt: epochMs(day2),
          counts: { readmittedPersons: 3, migrants: 3 },
          readmission: { fromCountry: 'HR', toCountry: 'RS', crossingId: 'C1', persons: 3 },
        }),
        makeIncident('I5', {
          reportedAt: epochMs(day2),
          counts: { weapons: 2, falseDocuments: 1, stolenVehicles: 1 },
        }),
        makeIncident('I6', { sectorId: 'S1', counts: {} }),
      ],
      (i) => i.incidentId,
    );
    const r = aggregateResults(incidents, units, sectors);
    expect(r.totals).toEqual({
      migrants: 8,
      facilitators: 1,
      stolenVehicles: 1,
      drugsKg: 0.3,
      cigarettes: 400,
      weapons: 2,
      falseDocuments: 1,
      readmittedPersons: 3,
    });
    expect(r.incidentsWithResults).toBe(5);
    expect(r.byCountry.map((c) => c.country)).toEqual(['HR', 'HU', 'RS', UNKNOWN_COUNTRY]);
    const hr = r.byCountry.find((c) => c.country === 'HR')!.totals;
    expect(hr.drugsKg).toBe(0.1);
    const hu = r.byCountry.find((c) => c.country === 'HU')!.totals;
    // I3 by sector S2's first country, I4 by its reporting unit (not the readmission's fromCountry).
    expect(hu).toMatchObject({ drugsKg: 0.2, cigarettes: 400, readmittedPersons: 3, migrants: 3 });
    expect(r.byDay.map((d) => d.day)).toEqual(['2026-10-05', '2026-10-06']);
    expect(r.byDay[0]!.totals).toMatchObject({ migrants: 5, facilitators: 1, drugsKg: 0.1 });
    for (const parts of [r.byCountry, r.byDay]) {
      const sum = emptyTotals();
      for (const p of parts) for (const [k, v] of Object.entries(p.totals)) sum[k as keyof typeof sum] += v;
      sum.drugsKg = Math.round(sum.drugsKg * 1000) / 1000;
      expect(sum).toEqual(r.totals);
    }
  });

  it('ignores negative and non-finite counts', () => {
    const incidents = byId(
      [makeIncident('I1', { counts: { migrants: -3, weapons: Number.NaN } })],
      (i) => i.incidentId,
    );
    expect(aggregateResults(incidents, {}, {}).incidentsWithResults).toBe(0);
  });
});
